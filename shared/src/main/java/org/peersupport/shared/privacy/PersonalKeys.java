package org.peersupport.shared.privacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * The only forms in which an email address or a source IP appears in a key or an index: a keyed
 * hash (HMAC-SHA256), computed by KMS with the stack's EmailHashKey so the key never leaves KMS.
 * A plain hash would not do: email addresses are guessable, so anyone with a copy of the table
 * could hash candidates and compare. Also: withdraw tokens (random, shown once in an email) and
 * the hash of them that is stored (confirm links and withdraw links alike).
 */
public final class PersonalKeys {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAC_BYTES = 32;

    /** Computes an HMAC of a message with a key it does not reveal. */
    @FunctionalInterface
    public interface Mac {
        byte[] sign(byte[] message);
    }

    private final Mac mac;

    public PersonalKeys(Mac mac) {
        this.mac = mac;
    }

    /** HMAC-SHA256 by KMS GenerateMac with the given HMAC_256 key. */
    public static Mac kms(KmsClient kms, String keyId) {
        return message -> {
            SdkBytes mac = kms.generateMac(r -> r.keyId(keyId).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(SdkBytes.fromByteArray(message))).mac();
            // An answer without a whole MAC (an endpoint restarting has sent one) is KMS failing, and
            // is answered as KMS being down is, not as a fault of this code.
            if (mac == null || mac.asByteArrayUnsafe().length != MAC_BYTES) {
                throw SdkClientException.create("KMS GenerateMac answered without a " + MAC_BYTES + "-byte MAC");
            }
            return mac.asByteArray();
        };
    }

    /**
     * The key of an address: of its canonical form only, so every way of writing one mailbox has
     * one key (a raw string cannot be hashed here by mistake).
     */
    public String emailKey(EmailAddress email) {
        return BASE64URL.encodeToString(mac.sign(("email:" + email.value()).getBytes(StandardCharsets.UTF_8)));
    }

    /** The key of a source IP address, for rate limits. */
    public String ipKey(String sourceIp) {
        return BASE64URL.encodeToString(mac.sign(("ip:" + sourceIp).getBytes(StandardCharsets.UTF_8)));
    }

    /** A new single-use token: 256 random bits, URL-safe. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** What is stored for a token: its SHA-256 (a token has full entropy, so no key is needed). */
    public static String tokenHash(String token) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
