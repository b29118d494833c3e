package org.peersupport.testkit;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time passwords as authenticator apps compute them for Cognito: HMAC-SHA1
 * over 30-second steps since the epoch, 6 digits, from a base32 secret (RFC 4648, as
 * {@code AssociateSoftwareToken} hands it out). What the local accounts' set-up and the tests type
 * where a person would read their phone.
 */
public final class Totp {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private Totp() {
    }

    public static String code(String base32Secret, Instant at) {
        byte[] key = base32(base32Secret);
        long step = Math.floorDiv(at.getEpochSecond(), 30);
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ByteBuffer.wrap(hash, offset, 4).getInt() & 0x7fffffff;
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A code with time left to use it, as a person reads one: when the current 30-second step has
     * under 10 seconds to run, it waits for the next step, so the code is still the current one when
     * Cognito checks it, however slow a loaded machine is (moto accepts the current step's code only).
     */
    public static String fresh(String base32Secret) {
        long millisIntoStep = Math.floorMod(System.currentTimeMillis(), 30_000L);
        if (millisIntoStep > 20_000) {
            try {
                Thread.sleep(30_000 - millisIntoStep + 50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return code(base32Secret, Instant.now());
    }

    /** Decodes base32, ignoring case, spaces and padding. */
    static byte[] base32(String text) {
        String clean = text.toUpperCase(Locale.ROOT).replaceAll("[\\s=]", "");
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int value = ALPHABET.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
