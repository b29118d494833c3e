package org.peersupport.createsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The phone rules on their own (the email's are shared EmailAddress's, tested there). */
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
}
