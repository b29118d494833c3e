package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.notices.MeetingChange;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.testkit.SampleData;

/**
 * The messages after the sign-up, in both languages: a subject that names nothing (it shows on
 * lock screens), the 988 line and the withdraw link in both parts, what a typed name can do
 * contained, and each change said in the person's language; and of every email, the confirm request
 * and the details included, a start that names nothing.
 */
class NoticeRenderingTest {
    static final Instant NOW = Instant.parse("2027-02-01T12:00:00Z");
    static final ZoneId DENVER = ZoneId.of("America/Denver");
    /** Words a subject must not carry (the subject is all a lock screen shows). */
    static final List<String> NAMING = List.of("mental", "health", "salud", "suicide", "suicidio", "crisis", "depress",
            "anxiety", "ansiedad", "bipolar", "recovery", "condition", "illness", "enfermedad", "support", "apoyo",
            "connection", "conexión", "family", "familia", "group", "grupo");

    final ConfirmationRenderer renderer = new ConfirmationRenderer("Example Peer Support", "https://api.example.org");

    @ParameterizedTest
    @CsvSource({"REMINDER, en", "REMINDER, es", "CHANGE_NOTICE, en", "CHANGE_NOTICE, es", "PLACE_OPENED, en",
        "PLACE_OPENED, es"})
    void everyKind_hasANeutralSubject_the988Line_andTheWithdrawLink_andEscapesTheName(MessageKind kind, String language) {
        Group group = SampleData.load().group("connection-tue-downtown");
        List<Meeting> meetings = group.listing().schedule().nextMeetings(NOW, 4, Set.of(), DENVER);
        ConfirmationRenderer.About about = switch (kind) {
            case REMINDER -> new ConfirmationRenderer.About(meetings.get(0), List.of());
            case CHANGE_NOTICE -> new ConfirmationRenderer.About(null, List.of(new MeetingChange(
                    MeetingChange.Kind.CANCELLED, List.of(LocalDate.of(2027, 2, 9)))));
            default -> ConfirmationRenderer.About.NOTHING;
        };
        ConfirmationRenderer.Rendered r = renderer.render(kind, new ConfirmationRenderer.Confirmation(language,
                "<b>Ana</b>", false, group.listing(), group.meetingDetails(), meetings, "T0KEN_abc-123"), about);

        String subject = r.subject().toLowerCase(Locale.ROOT);
        assertTrue(subject.startsWith("example peer support: "), r.subject());
        for (String word : NAMING.subList(0, NAMING.size() - 2)) { // "your group's meetings" names no group
            assertFalse(subject.replace("example peer support", "").contains(word), "the subject says " + word);
        }
        for (String part : List.of(r.text(), r.html())) {
            assertTrue(part.contains("988"), "the 988 line");
        }
        // In a Spanish email, the link opens its pages in Spanish.
        boolean spanish = language.equals("es");
        assertTrue(r.text().contains("https://api.example.org/signups/withdraw?token=T0KEN_abc-123"
                + (spanish ? "&lang=es\n" : "\n")), "the withdraw link");
        // The HTML part escapes the link's "=" and "&" as any value; a mail client reads it back the same.
        assertTrue(r.html().contains("<a href=\"https://api.example.org/signups/withdraw?token&#x3D;T0KEN_abc-123"
                + (spanish ? "&amp;lang&#x3D;es\"" : "\"")), "the withdraw link in the HTML part");
        assertNeutralStart(r, group.listing().name());
        assertFalse(r.html().contains("<b>Ana</b>"), "a typed name is shown, not run");
        assertTrue(r.html().contains("&lt;b&gt;Ana&lt;/b&gt;"));
        if (kind == MessageKind.CHANGE_NOTICE) {
            String said = language.equals("en") ? "There will be no meeting on Tuesday, February 9."
                    : "No habrá reunión el martes 9 de febrero.";
            assertTrue(r.text().contains(said), r.text());
            assertTrue(r.html().contains(said), "in the HTML part too");
        }
    }

    @ParameterizedTest
    @CsvSource({"en, false", "es, false", "en, true", "es, true"})
    void theDetailsEmail_startsWithALineThatNamesNothing_joiningOrWaitlisted(String language, boolean waitlisted) {
        for (Group group : SampleData.load().groups()) {
            List<Meeting> meetings = group.listing().schedule().nextMeetings(NOW, 4, Set.of(), DENVER);
            ConfirmationRenderer.Rendered r = renderer.render(new ConfirmationRenderer.Confirmation(language, "Ana",
                    waitlisted, group.listing(), group.meetingDetails(), meetings, "T0KEN_abc-123"));
            assertNeutralStart(r, group.listing().name());
            assertTrue(r.text().contains(group.listing().name()), "the group is named further down");
        }
    }

    @ParameterizedTest
    @CsvSource({"en", "es"})
    void theConfirmRequest_namesNothingAtAll(String language) {
        ConfirmationRenderer.Rendered r = new ConfirmRequestRenderer("Example Peer Support", "https://api.example.org")
                .render(language, "T0KEN_abc-123");
        assertNeutralStart(r, "Example Peer Support");
    }

    /**
     * What a lock screen or an inbox list shows of a message: the first 200 characters of each part's
     * text, the organisation's own name aside. No group's name, no word saying what the group is for,
     * no crisis wording.
     */
    static void assertNeutralStart(ConfirmationRenderer.Rendered r, String groupName) {
        String html = r.html().substring(r.html().indexOf("<body")).replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip();
        for (String start : List.of(first200(r.text()), first200(html))) {
            String lower = start.toLowerCase(Locale.ROOT).replace("example peer support", "");
            assertFalse(lower.contains(groupName.toLowerCase(Locale.ROOT)), "the group's name: " + start);
            for (String word : NAMING) {
                assertFalse(lower.contains(word), "'" + word + "' in the first 200 characters: " + start);
            }
            assertFalse(lower.contains("988"), "no crisis wording there: " + start);
        }
    }

    private static String first200(String text) {
        return text.substring(0, Math.min(200, text.length()));
    }
}
