package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.testkit.MotoOutbox;
import org.peersupport.testkit.SampleData;

/**
 * The calendar file attached to the email that gives a person a place, read back with ical4j: a
 * calendar others see shows only the organisation's name and the place (or "Online"); the link and
 * phone number to join are inside; the times are the email's; and it goes only with the emails that
 * give a place, and as a separate part that leaves the text and HTML as they were.
 */
class PersonalCalendarTest {
    static final Instant NOW = NoticeRenderingTest.NOW;
    final ConfirmationRenderer renderer = new ConfirmationRenderer("Example Peer Support", "https://api.example.org");

    static ConfirmationRenderer.Confirmation confirmation(String groupId, String language, boolean waitlisted) {
        Group group = SampleData.load().group(groupId);
        List<Meeting> meetings = group.listing().schedule().nextMeetings(NOW, ConfirmationMailer.NEXT_MEETINGS, Set.of(),
                NoticeRenderingTest.DENVER);
        return new ConfirmationRenderer.Confirmation(language, "Ana", waitlisted, group.listing(), group.meetingDetails(),
                meetings, "T0KEN_abc-123");
    }

    static Calendar parse(String ics) throws Exception {
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        calendar.validate();
        return calendar;
    }

    @ParameterizedTest
    @CsvSource({"connection-tue-downtown, en", "connection-tue-downtown, es", "family-support-thu-online, en",
        "family-support-thu-online, es", "conexion-sabado-hibrido, es"})
    void everyEvent_isTitledOnlyWithTheOrganisation_withWhereToGoInside(String groupId, String language) throws Exception {
        ConfirmationRenderer.Confirmation c = confirmation(groupId, language, false);
        String ics = renderer.calendar(MessageKind.DETAILS, c, NOW);
        assertNotNull(ics);
        assertTrue(ics.lines().allMatch(line -> line.getBytes(StandardCharsets.UTF_8).length <= 75), "folded at 75 octets");
        assertTrue(ics.endsWith("\r\n"));
        List<VEvent> events = parse(ics).getComponents("VEVENT");
        assertEquals(c.nextMeetings().size(), events.size(), "the email's next meetings, each an event");
        String groupName = c.group().name().toLowerCase(Locale.ROOT);
        var details = c.details();
        for (int i = 0; i < events.size(); i++) {
            VEvent event = events.get(i);
            String title = event.getSummary().getValue();
            assertEquals("Example Peer Support", title, "what a shared calendar shows");
            String location = event.getLocation().getValue();
            String shown = (title + " " + location).toLowerCase(Locale.ROOT).replace("example peer support", "");
            assertFalse(shown.contains(groupName), "the group's name where a calendar shows it: " + shown);
            for (String word : NoticeRenderingTest.NAMING) {
                assertFalse(shown.contains(word), "'" + word + "' where a calendar shows it: " + shown);
            }
            String inside = event.getDescription().getValue();
            if (c.group().format().hasPlace()) {
                assertEquals(details.address(), location);
            } else {
                assertEquals(language.equals("es") ? "En línea" : "Online", location);
            }
            if (c.group().format().hasOnlineAccess()) {
                assertTrue(inside.contains(details.meetingUrl()), "the link to join, inside: " + inside);
                if (details.meetingPhone() != null) {
                    assertTrue(inside.contains(details.meetingPhone()), "the phone number to join, inside: " + inside);
                }
            }
            Meeting meeting = c.nextMeetings().get(i);
            assertEquals(meeting.start().toInstant(), Instant.from(event.getDateTimeStart().getDate()));
            assertEquals(PersonalCalendar.uid(groupId, meeting.start().toInstant()) + "@api.example.org",
                    event.getUid().orElseThrow().getValue(), "the same meeting keeps its UID in every email");
            assertFalse(event.getUid().orElseThrow().getValue().contains(groupId), "nor does its UID name the group");
        }
    }

    @Test
    void onlyTheEmailsThatGiveAPlace_carryTheFile() {
        ConfirmationRenderer.Confirmation placed = confirmation("connection-tue-downtown", "en", false);
        assertNotNull(renderer.calendar(MessageKind.PLACE_OPENED, placed, NOW));
        assertNull(renderer.calendar(MessageKind.REMINDER, placed, NOW));
        assertNull(renderer.calendar(MessageKind.CHANGE_NOTICE, placed, NOW));
        assertNull(renderer.calendar(MessageKind.DETAILS, confirmation("connection-tue-downtown", "en", true), NOW),
                "someone waiting has no place to go yet");
        assertTrue(renderer.render(placed).text().contains("Or open the attached meetings.ics"), "the email says so");
        assertFalse(renderer.render(MessageKind.REMINDER, placed, ConfirmationRenderer.About.NOTHING).text()
                .contains("meetings.ics"));
        assertTrue(renderer.render(confirmation("connection-tue-downtown", "es", false)).html()
                .contains("O abra el archivo adjunto meetings.ics"));
    }

    /** As a mail client reads it: the text and HTML as before, and the file beside them. */
    @Test
    void theFile_travelsBesideTheTextAndHtml() {
        ConfirmationRenderer.Confirmation c = confirmation("family-support-thu-online", "es", false);
        ConfirmationRenderer.Rendered r = renderer.render(c).withCalendar(renderer.calendar(MessageKind.DETAILS, c, NOW));
        byte[] raw = RawEmail.write(new RawEmail.Content("Example Peer Support", "groups@example.org", "ana@example.org",
                r.subject(), "es", r.text(), r.html(), r.calendar()), NOW.atZone(java.time.ZoneOffset.UTC));
        String message = new String(raw, StandardCharsets.US_ASCII);
        assertTrue(message.contains("Content-Type: multipart/mixed;"));
        assertTrue(message.contains("Content-Disposition: attachment; filename=\"meetings.ics\""),
                "a file name that says nothing about the group");
        MotoOutbox.Mail mail = MotoOutbox.parse("id", "groups@example.org", message);
        assertEquals(r.text().replace("\r\n", "\n"), mail.text().replace("\r\n", "\n"));
        assertEquals(r.html().replace("\r\n", "\n"), mail.html().replace("\r\n", "\n"));
        assertEquals(r.calendar().replace("\r\n", "\n"), mail.calendar().replace("\r\n", "\n"));
        assertEquals(r.subject(), mail.subject());
    }
}
