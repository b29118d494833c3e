package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.model.MeetingDetails;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.testkit.MotoOutbox;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.SampleData;

/**
 * The whole message as a mail client reads it (parsed back with Apache mime4j), in both
 * languages, for hostile names: markup, line breaks that try to start a header or a fake line,
 * and names far past the sign-up form's limit.
 */
class ConfirmationRendererTest {
    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    static final ZoneId DENVER = ZoneId.of("America/Denver");
    static final SampleData SAMPLES = SampleData.load();
    static final String TO = "person.render@example.org";
    static final Set<String> HEADERS = Set.of("from", "to", "subject", "date", "mime-version", "content-language",
            "auto-submitted", "content-type");
    static final String LONG = "Alexandra".repeat(1200);

    final ConfirmationRenderer renderer = new ConfirmationRenderer("Example Peer Support", "https://api.example.org");

    static MotoOutbox.Mail mail(ConfirmationRenderer renderer, String language, String groupId, String firstName,
                                boolean waitlisted, MeetingDetails details) {
        Group group = SAMPLES.group(groupId);
        List<Meeting> meetings = group.listing().schedule().nextMeetings(NOW, 4, Set.of(), DENVER);
        ConfirmationRenderer.Rendered r = renderer.render(new ConfirmationRenderer.Confirmation(language, firstName,
                waitlisted, group.listing(), details == null ? group.meetingDetails() : details, meetings, "T0KEN_abc-123"));
        byte[] raw = RawEmail.write(new RawEmail.Content("Example Peer Support", "groups@example.org", TO, r.subject(),
                language, r.text(), r.html()), NOW.atZone(ZoneOffset.UTC));
        return MotoOutbox.parse("id", "groups@example.org", new String(raw, StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @CsvSource({"en, connection-tue-downtown", "es, conexion-sabado-hibrido"})
    void hostileNames_areEscapedInHtml_keptToOneLineInText_andNeverInAHeader(String language, String groupId) {
        String[] hostile = {
            "<img src=x onerror=alert(1)>",
            "Ana\r\nBcc: someone@example.net",
            "Ana\r\n\r\n<script>alert(1)</script>",
            "Ana\u2028Withdraw here: https://evil.example\u202e",
            LONG,
        };
        PersonalData.submitted(hostile);
        for (String name : hostile) {
            MotoOutbox.Mail mail = mail(renderer, language, groupId, name, false, null);

            assertEquals(HEADERS, mail.headers().keySet(), "exactly these headers, no more");
            assertEquals(List.of(TO), mail.to());
            assertEquals(language.equals("en") ? "Example Peer Support: your group details"
                    : "Example Peer Support: información de su grupo", mail.subject());
            String headerBlock = mail.raw().substring(0, mail.raw().indexOf("\r\n\r\n"));
            for (String piece : new String[] {"Ana", "img", "script", "someone@example.net", "Alexandra", "evil"}) {
                assertFalse(headerBlock.contains(piece), "a typed value in a header: " + piece);
            }

            assertFalse(mail.html().contains("<img"), "markup in a name is shown, not run");
            assertFalse(mail.html().contains("<script"));
            assertFalse(mail.html().contains("someone@example.net\r\n"));
            String hello = language.equals("en") ? "Hello " : "Hola, ";
            String greeting = mail.text().lines().filter(l -> l.startsWith(hello)).findFirst().orElseThrow();
            assertFalse(mail.text().lines().anyMatch(l -> l.startsWith("Bcc:") || l.startsWith("Withdraw here")),
                    "a name cannot start a line of its own");
            assertFalse(mail.text().contains("\u202e") || mail.html().contains("\u202e"), "no direction override");
            assertTrue(greeting.length() <= "Hola, ".length() + ConfirmationRenderer.MAX_NAME + 1, "long names are cut");

            for (String line : mail.raw().split("\r\n")) {
                assertTrue(line.length() <= 78, "a line of the message is too long");
            }
        }
        MotoOutbox.Mail markup = mail(renderer, language, groupId, hostile[0], false, null);
        assertTrue(markup.html().contains("&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;"));
        assertTrue(markup.text().contains("<img src=x onerror=alert(1)>"), "the text part shows it as typed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "es"})
    void staffWrittenDetails_areEscapedToo_andOnlyHttpsLinksBecomeLinks(String language) {
        MeetingDetails hostile = new MeetingDetails("1 Main St <b>upstairs</b>\nRoom \"2\"", "javascript:alert(1)",
                "+1 555 010 0199", "<i>Robin</i>", "robin@example.org", "Bring <script>x</script> & snacks");
        MotoOutbox.Mail mail = mail(renderer, language, "conexion-sabado-hibrido", "Sam", false, hostile);
        assertFalse(mail.html().contains("<b>upstairs"));
        assertFalse(mail.html().contains("<script>"));
        assertFalse(mail.html().contains("<i>Robin"));
        assertTrue(mail.html().contains("&lt;b&gt;upstairs"));
        assertTrue(mail.html().contains("Bring &lt;script&gt;x&lt;/script&gt; &amp; snacks"));
        assertFalse(mail.html().contains("javascript:"), "not an https link: left out");
        assertFalse(mail.text().contains("javascript:"));
        assertTrue(mail.text().contains("+1 555 010 0199"));
    }

    @ParameterizedTest
    @CsvSource({
        "en, connection-tue-downtown, 'Tuesday, December 1, 2026, 6:30 PM to 8:00 PM MST', Mountain Time",
        "es, familia-a-familia-miercoles, 'Miércoles, 2 de diciembre de 2026, de 18:00 a 19:30 MST', hora de las Montañas Rocosas",
    })
    void email_saysWhatAPersonNeeds_inTheirLanguage(String language, String groupId, String firstMeeting, String zone) {
        MotoOutbox.Mail mail = mail(renderer, language, groupId, "Sam", false, null);
        Group group = SAMPLES.group(groupId);
        for (String part : new String[] {mail.text(), mail.html()}) {
            assertTrue(part.contains(firstMeeting), "the next meeting in the group's zone and language");
            assertTrue(part.contains(zone));
            assertTrue(part.contains("988"), "the crisis line");
            assertTrue(part.contains("https://api.example.org/groups/" + groupId + "/calendar.ics"));
            assertTrue(part.contains(group.listing().name()));
            assertTrue(part.contains(group.meetingDetails().facilitatorEmail()));
        }
        assertTrue(mail.text().contains("https://api.example.org/signups/withdraw?token=T0KEN_abc-123"));
        assertTrue(mail.text().contains("https://api.example.org/groups/" + groupId + "/calendar.ics?titles=neutral"),
                "the calendar that names only the organisation");
        assertTrue(mail.text().contains(group.meetingDetails().address()));
        assertTrue(mail.html().contains("lang=\"" + language + "\""));
        assertTrue(mail.text().contains(language.equals("en") ? "call or text 988" : "oprima el 2"));
        assertFalse(mail.subject().toLowerCase(Locale.ROOT).contains("mental"));
        assertFalse(mail.subject().contains(group.listing().name()), "the subject names no group");
        assertFalse(mail.text().contains("waiting list") || mail.text().contains("lista de espera"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "es"})
    void waitlisted_isSaidPlainly_andJoiningDetailsWaitForAPlace(String language) {
        Group group = SAMPLES.group("family-support-thu-online");
        MotoOutbox.Mail mail = mail(renderer, language, group.id(), "Sam", true, null);
        assertTrue(mail.text().contains(language.equals("en") ? "you are on its waiting list" : "lista de espera"));
        assertFalse(mail.text().contains(group.meetingDetails().meetingUrl()));
        assertFalse(mail.html().contains(group.meetingDetails().meetingUrl()));
        assertFalse(mail.text().contains(group.meetingDetails().meetingPhone()));
        assertTrue(mail.text().contains(group.meetingDetails().facilitatorEmail()));
    }

    @ParameterizedTest
    @CsvSource({"fr, Your details from", "'', Your details from", "es, Sus datos de"})
    void languageWithoutTemplates_getsEnglish(String language, String opening) {
        String chosen = ConfirmationRenderer.language(language);
        assertTrue(mail(renderer, chosen, "connection-tue-downtown", "Sam", false, null).text().startsWith(opening));
    }

    @org.junit.jupiter.api.Test
    void oneLine_keepsPrintableTextOnly() {
        assertEquals("Ana", ConfirmationRenderer.oneLine("Ana", 50));
        assertEquals("Ana María", ConfirmationRenderer.oneLine("  Ana \u00a0  María  ", 50));
        assertEquals("Ana Bcc: x", ConfirmationRenderer.oneLine("Ana\r\nBcc: x", 50));
        assertEquals("Ana", ConfirmationRenderer.oneLine("\t\u0000\u202eAna\u200b", 50));
        assertEquals("Zoë 🌻", ConfirmationRenderer.oneLine("Zoë 🌻", 50));
    }

    @org.junit.jupiter.api.Test
    void oneLine_cutsAtTheLimit_withoutATrailingSpace() {
        assertEquals(50, ConfirmationRenderer.oneLine(LONG, 50).length());
        assertEquals("ab", ConfirmationRenderer.oneLine("ab cd", 3));
        assertEquals("", ConfirmationRenderer.oneLine(null, 3));
    }
}
