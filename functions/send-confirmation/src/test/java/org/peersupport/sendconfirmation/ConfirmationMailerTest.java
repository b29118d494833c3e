package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfirmationMailerTest {
    @ParameterizedTest
    @CsvSource({
        "person@example.org, person@example.org",
        "'  Person@Example.org ', Person@Example.org",
        "ana@bücher.example, ana@xn--bcher-kva.example",
    })
    void recipient_isTheAddressAsSent(String stored, String sent) {
        assertEquals(sent, ConfirmationMailer.recipient(stored));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-at-sign", "a@b@example.org", "person@example.org\r\nBcc: x@example.org",
        "josé@example.org", "person@", "@example.org", "person@exa_mple.org"})
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
