package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.testkit.MotoOutbox;

/** The MIME writer, read back by Apache mime4j (an independent parser). */
class RawEmailTest {
    static final ZonedDateTime DATE = ZonedDateTime.parse("2026-11-25T13:00:00-07:00[America/Denver]");

    static MotoOutbox.Mail roundTrip(RawEmail.Content content) {
        return MotoOutbox.parse("id", content.fromAddress(),
                new String(RawEmail.write(content, DATE), StandardCharsets.US_ASCII));
    }

    @Test
    void anyTextSurvivesQuotedPrintable_andNoLineIsTooLong() {
        String text = "Línea 1 = tres   \nTrailing space \t\n" + "ñ".repeat(200) + "\n" + "x".repeat(300)
                + "\n.\nFrom here\n🌻 emoji at the end 🌻\n\n";
        String html = "<p>a=b&c; " + "é".repeat(100) + "</p>";
        MotoOutbox.Mail mail = roundTrip(new RawEmail.Content("Org", "from@example.org", "to@example.org",
                "Subject", "es", text, html));
        assertEquals(text.replace("\n", "\r\n"), mail.text());
        assertEquals(html, mail.html());
        for (String line : mail.raw().split("\r\n")) {
            assertTrue(line.length() <= 78, line);
        }
    }

    @Test
    void headers_areTheWritersOwn_andNonAsciiIsEncoded() {
        MotoOutbox.Mail mail = roundTrip(new RawEmail.Content("Asociación \"Ejemplo\" de Apoyo", "from@example.org",
                "to@example.org", "Asociación de Apoyo Mutuo Entre Pares del Condado: información de su grupo",
                "es", "t", "<p>h</p>"));
        assertEquals("Asociación \"Ejemplo\" de Apoyo", mail.fromName());
        assertEquals("Asociación de Apoyo Mutuo Entre Pares del Condado: información de su grupo", mail.subject());
        assertEquals("Wed, 25 Nov 2026 20:00:00 GMT", mail.headers().get("date").get(0));
        assertEquals("auto-generated", mail.headers().get("auto-submitted").get(0));
        String headers = mail.raw().substring(0, mail.raw().indexOf("\r\n\r\n"));
        assertTrue(headers.chars().allMatch(c -> c < 0x7f), "headers are ASCII");
    }

    @ParameterizedTest
    @ValueSource(strings = {"An Organisation Name Of Exactly Eighty Characters, As The Stack Allows, Not More",
        "Asociación de Apoyo Mutuo Entre Pares y Familias del Condado de Ejemplo, Colorado"})
    void longOrganisationNames_foldWithinTheLineLimit(String org) {
        MotoOutbox.Mail mail = roundTrip(new RawEmail.Content(org, "confirmations@peer-support.example.org",
                "to@example.org", org + ": your group details", "en", "t", "h"));
        assertEquals(org, mail.fromName());
        assertEquals("confirmations@peer-support.example.org", mail.from());
        assertEquals(org + ": your group details", mail.subject());
        for (String line : mail.raw().split("\r\n")) {
            assertTrue(line.length() <= 78, line);
        }
    }

    @Test
    void asciiNames_areQuoted() {
        assertEquals("\"Example \\\"Peer\\\" Support\" <a@example.org>", RawEmail.mailbox("Example \"Peer\" Support", "a@example.org"));
        assertEquals("a@example.org", RawEmail.mailbox(" ", "a@example.org"));
    }

    @Test
    void lineBreaksInAHeaderValue_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> RawEmail.write(new RawEmail.Content("Org\r\nBcc: x@example.org",
                "from@example.org", "to@example.org", "S", "en", "t", "h"), DATE));
        assertThrows(IllegalArgumentException.class, () -> RawEmail.write(new RawEmail.Content("Org",
                "from@example.org", "to@example.org", "S\nBcc: x@example.org", "en", "t", "h"), DATE));
        assertThrows(IllegalArgumentException.class, () -> RawEmail.write(new RawEmail.Content("Org",
                "from@example.org", "to@example.org\r\nBcc: x@example.org", "S", "en", "t", "h"), DATE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@example.org", "first.last+tag@sub.example.co.uk", "o'brien@example.org",
        "x@xn--bcher-kva.example"})
    void plainAddresses(String address) {
        assertTrue(RawEmail.isPlainAddress(address));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "a@", "@example.org", "a@b@example.org", "a b@example.org", "a@example",
        "\"a\"@example.org", "a@exa mple.org", "a\r\n@example.org", "a..b@example.org", ".a@example.org",
        "a.@example.org", "josé@example.org", "a@bücher.example", "<a@example.org>", "a@example.org,b@example.org"})
    void notPlainAddresses(String address) {
        assertFalse(RawEmail.isPlainAddress(address));
    }
}
