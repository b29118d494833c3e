package org.peersupport.createsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The phone and email rules on their own. */
class SignupRulesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "(719) 555-0123        | +17195550123",
        "719.555.0123          | +17195550123",
        "1 719 555 0123        | +17195550123",
        "+1 719 555 0123       | +17195550123",
        "+52 55 1234 5678      | +525512345678",
        "0052 55 1234 5678     | +525512345678",
        "+44 20 7946 0958      | +442079460958",
        "+15550001234          | +15550001234",
    })
    void phones_areStoredInE164(String typed, String stored) {
        assertEquals(stored, PhoneNumbers.toE164(typed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"555-0123", "719 555 012", "+1 119 555 0123", "+1 719 555 01234", "719 555 0123 ext 4",
        "call me", "+0 123 456 789", "10345678901", "+1234567", "+1234567890123456", "719 555 0123 +", "719\n5550123"})
    void phones_weCannotReadForCertain_areRefused(String typed) {
        assertNull(PhoneNumbers.toE164(typed));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana@example.org", "Ana.Example+groups@Example.ORG", "o'brien@example.co.uk",
        "josé@ejemplo.mx", "a@b-c.example"})
    void emails_thatMailSystemsDeliver_areAccepted(String address) {
        assertTrue(EmailAddresses.isValid(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ana", "ana@", "@example.org", "ana@example", "ana@@example.org", "ana@example..org",
        "a b@example.org", "ana@example.org, bo@example.org", "ana@example.org;bo@example.org",
        "Ana <ana@example.org>", "ana@example.org\r\nBcc: x@example.org", "ana@example.org\u0000", ".ana@example.org",
        "ana.@example.org", "ana..b@example.org", "ana@-example.org", "ana@example.o", "ana@example.123",
        "\"ana\"@example.org"})
    void emails_thatCouldCarryMoreThanOneAddressOrAHeader_areRefused(String address) {
        assertFalse(EmailAddresses.isValid(address));
    }

    @ParameterizedTest
    @ValueSource(ints = {254, 255})
    void emails_overTheSmtpLimit_areRefused(int length) {
        String address = "a".repeat(64) + "@" + "b".repeat(length - 64 - 1 - 4) + ".org";
        assertEquals(length, address.length());
        assertEquals(length <= 254 && address.split("@")[1].split("\\.")[0].length() <= 63, EmailAddresses.isValid(address));
    }
}
