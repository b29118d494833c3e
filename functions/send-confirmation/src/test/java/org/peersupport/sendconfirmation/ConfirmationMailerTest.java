package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConfirmationMailerTest {
    /** The stored address is already canonical (shared EmailAddress): it is sent to exactly as stored. */
    @ParameterizedTest
    @ValueSource(strings = {"person@example.org", "ana@xn--bcher-kva.example", "o'brien+groups@example.co.uk"})
    void recipient_isTheStoredCanonicalAddress_exactly(String stored) {
        assertEquals(stored, ConfirmationMailer.recipient(stored));
    }

    /** Anything else (possible only for a sign-up stored before addresses were canonical) is not sent to. */
    @ParameterizedTest
    @ValueSource(strings = {"", "no-at-sign", "a@b@example.org", "person@example.org\r\nBcc: x@example.org",
        "josé@example.org", "person@", "@example.org", "person@exa_mple.org", "  person@example.org ",
        "ana@bücher.example"})
    void recipient_refusesWhatCannotBeSentAsItIs(String stored) {
        assertNull(ConfirmationMailer.recipient(stored));
    }

    @Test
    void backoff_growsToAnHour() {
        assertEquals(120, ConfirmationMailer.backoffSeconds(1));
        assertEquals(240, ConfirmationMailer.backoffSeconds(2));
        assertEquals(1920, ConfirmationMailer.backoffSeconds(5));
        assertEquals(3600, ConfirmationMailer.backoffSeconds(6));
        assertEquals(3600, ConfirmationMailer.backoffSeconds(400));
    }
}
