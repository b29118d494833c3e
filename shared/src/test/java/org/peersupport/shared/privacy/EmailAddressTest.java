package org.peersupport.shared.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.IDN;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one canonical address: what folds together, what stays apart, what is refused and why. */
class EmailAddressTest {
    /** Ways of writing one mailbox that would each take a place of their own if kept as typed. */
    @ParameterizedTest
    @ValueSource(strings = {"bob@example.org", "BOB@EXAMPLE.ORG", "  bob@example.org  ", "bob@\uFF45xample.org",
        "bob@\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45\uFF0E\uFF4F\uFF52\uFF47", "bob@example\u3002org",
        "bob@ex\u00ADample.org", "Bob@Example.ORG"})
    void waysOfWritingOneMailbox_areOneAddress(String typed) {
        assertEquals("bob@example.org", EmailAddress.of(typed).value());
    }

    /** A Kelvin sign before the @ is refused as typed, not folded into someone else's "k". */
    @Test
    void kelvinSign_inTheLocalPart_isRefused_notFoldedToK() {
        assertEquals(EmailAddress.Problem.NOT_DELIVERABLE, EmailAddress.parse("\u212Aate@example.org").problem());
        assertEquals("kate@example.org", EmailAddress.of("Kate@example.org").value());
        assertEquals("kate@kelvin.org", EmailAddress.of("kate@\u212Aelvin.org").value(), "in the domain, UTS #46 folds it");
    }

    /** Where java.net.IDN (IDNA2003) and UTS #46 differ: measured, and why the JDK's is not used. */
    @Test
    void sharpS_andFinalSigma_stayDistinct_asMailSystemsResolveThem_whereTheJdksIdnaWouldFoldThem() {
        assertEquals("bob@xn--fa-hia.de", EmailAddress.of("bob@faß.de").value());
        assertNotEquals(EmailAddress.of("bob@fass.de"), EmailAddress.of("bob@faß.de"));
        assertEquals("fass.de", IDN.toASCII("faß.de"), "IDNA2003 sends it to another domain");
        assertEquals("bob@xn--wxaihc1c.gr", EmailAddress.of("bob@ςόλος.gr").value());
        assertNotEquals(EmailAddress.of("bob@σόλος.gr"), EmailAddress.of("bob@ςόλος.gr"));
        assertEquals(IDN.toASCII("σόλος.gr"), IDN.toASCII("ςόλος.gr"), "IDNA2003 folds the final sigma");
    }

    @Test
    void dotlessI_isRefusedBeforeTheAt_andKeptApartInTheDomain() {
        assertEquals(EmailAddress.Problem.NOT_DELIVERABLE, EmailAddress.parse("k\u0131m@example.org").problem());
        assertEquals("kim@xn--exampe-t9a.org", EmailAddress.of("kim@examp\u0131e.org").value());
        assertNotEquals(EmailAddress.of("kim@example.org"), EmailAddress.of("kim@examp\u0131e.org"));
        assertEquals("kim@xn--istanbul-o0e.tr", EmailAddress.of("kim@\u0130stanbul.tr").value());
    }

    @Test
    void combiningMarks_composeToOneForm_andCannotStartALabel() {
        assertEquals(EmailAddress.of("ana@caf\u00E9.example"), EmailAddress.of("ana@cafe\u0301.example"));
        assertEquals("ana@xn--caf-dma.example", EmailAddress.of("ana@cafe\u0301.example").value());
        assertEquals(EmailAddress.Problem.MALFORMED, EmailAddress.parse("ana@\u0301cafe.example").problem());
        assertEquals(EmailAddress.Problem.NOT_DELIVERABLE, EmailAddress.parse("jose\u0301@example.org").problem());
    }

    /** A look-alike is another domain (whoever owns it gets its mail), never the real one's key. */
    @Test
    void cyrillicLookAlikes_areAnotherDomain_orRefusedBeforeTheAt() {
        assertEquals("bob@xn--xample-2of.org", EmailAddress.of("bob@\u0435xample.org").value());
        assertNotEquals(EmailAddress.of("bob@example.org"), EmailAddress.of("bob@\u0435xample.org"));
        assertEquals(EmailAddress.Problem.NOT_DELIVERABLE, EmailAddress.parse("b\u043Eb@example.org").problem());
    }

    @Test
    void accentedLocalPart_isRefusedCalmly_asNotDeliverable_notStoredAndLostLater() {
        assertEquals(EmailAddress.Problem.NOT_DELIVERABLE, EmailAddress.parse("josé@example.org").problem());
        assertNull(EmailAddress.of("josé@example.org"));
    }

    /** Letters newer than Unicode 3.2 (IDNA2003's last) work; a zero-width joiner is not silently dropped. */
    @Test
    void newerLetters_areAccepted_andJoinersOutOfContext_refused() {
        assertEquals("ana@xn--v78a.example", EmailAddress.of("ana@\uA7CA.example").value());
        assertEquals("ana@xn--x-ctb.example", EmailAddress.of("ana@\u1C80x.example").value());
        assertEquals(EmailAddress.Problem.MALFORMED, EmailAddress.parse("ana@a\u200Db.example").problem());
        assertEquals("ana@xn--e1afmkfd.xn--p1ai", EmailAddress.of("ana@пример.рф").value());
        assertEquals("ana@xn--bcher-kva.example", EmailAddress.of("ana@bücher.example").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "ana", "ana@", "@example.org", "ana@example", "ana@@example.org",
        "ana@example..org", "a b@example.org", "ana@example.org, bo@example.org", "ana@example.org;bo@example.org",
        "Ana <ana@example.org>", "ana@example.org\r\nBcc: x@example.org", "ana@example.org\u0000", ".ana@example.org",
        "ana.@example.org", "ana..b@example.org", "ana@-example.org", "ana@example.o", "ana@example.123",
        "\"ana\"@example.org", "ana@example.org.", "ana@exa_mple.org", "ana(x)@example.org", "ana@example.org\u202E"})
    void textThatIsNotOnePlainMailbox_isMalformed(String typed) {
        assertEquals(EmailAddress.Problem.MALFORMED, EmailAddress.parse(typed).problem(), typed);
    }

    @ParameterizedTest
    @CsvSource({"o'brien@example.co.uk, o'brien@example.co.uk", "Ana.Example+groups@Example.ORG, ana.example+groups@example.org",
        "a@b-c.example, a@b-c.example"})
    void plainAddresses_areLowerCasedAndKept(String typed, String canonical) {
        assertEquals(canonical, EmailAddress.of(typed).value());
    }

    @Test
    void lengths_asSmtpAllows() {
        String local = "a".repeat(64);
        String longest = local + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(57) + ".org";
        assertEquals(254, longest.length());
        assertEquals(longest, EmailAddress.of(longest).value());
        assertNull(EmailAddress.of("a" + longest));
        assertNull(EmailAddress.of("a".repeat(65) + "@example.org"));
        assertNull(EmailAddress.of("a@" + "b".repeat(64) + ".org"));
    }

    @Test
    void toString_neverPrintsTheAddress() {
        assertEquals("EmailAddress[...]", EmailAddress.of("ana@example.org").toString());
    }
}
