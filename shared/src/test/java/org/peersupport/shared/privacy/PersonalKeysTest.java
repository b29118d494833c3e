package org.peersupport.shared.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateMacRequest;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;

class PersonalKeysTest {
    private final PersonalKeys keys = new PersonalKeys(message -> {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            return mac.doFinal(message);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    });

    @Test
    void emailKey_isTheSameForTheSameAddressWrittenDifferently_andHidesIt() {
        String key = keys.emailKey(EmailAddress.of("Ana.Example@Example.ORG"));
        assertEquals(key, keys.emailKey(EmailAddress.of("  ana.example@ｅxample.org ")));
        assertNotEquals(key, keys.emailKey(EmailAddress.of("ana.example+groups@example.org")));
        assertFalse(key.contains("example"));
        assertEquals(43, key.length()); // 256 bits, base64url
    }

    @Test
    void ipAndEmailKeysNeverCollide() {
        assertNotEquals(keys.emailKey(EmailAddress.of("a@b.example")), keys.ipKey("a@b.example"));
    }

    @Test
    void tokens_areRandomAndOnlyTheirHashIsKept() {
        String token = PersonalKeys.newToken();
        assertNotEquals(token, PersonalKeys.newToken());
        assertEquals(43, token.length());
        assertEquals(PersonalKeys.tokenHash(token), PersonalKeys.tokenHash(token));
        assertNotEquals(token, PersonalKeys.tokenHash(token));
    }

    /** KMS answering GenerateMac with {@code mac}, as a restarting endpoint can; nothing else. */
    private static KmsClient answering(SdkBytes mac) {
        return new KmsClient() {
            @Override
            public GenerateMacResponse generateMac(GenerateMacRequest request) {
                return GenerateMacResponse.builder().mac(mac).build();
            }

            @Override
            public String serviceName() {
                return "kms";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void kmsAnsweringWithoutAWholeMac_isKmsFailing_soTheSignupIsAnsweredAsAnOutageNotAsABug() {
        for (SdkBytes broken : new SdkBytes[] {null, SdkBytes.fromByteArray(new byte[0]), SdkBytes.fromByteArray(new byte[31])}) {
            PersonalKeys fromKms = new PersonalKeys(PersonalKeys.kms(answering(broken), "key"));
            assertThrows(SdkException.class, () -> fromKms.emailKey(EmailAddress.of("a@b.example")));
        }
        PersonalKeys whole = new PersonalKeys(PersonalKeys.kms(answering(SdkBytes.fromByteArray(new byte[32])), "key"));
        assertEquals(43, whole.ipKey("192.0.2.1").length());
    }
}
