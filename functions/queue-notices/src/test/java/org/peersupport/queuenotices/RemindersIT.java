package org.peersupport.queuenotices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.MotoOutbox;

/**
 * Reminders played at chosen moments through the scheduled event's {@code time}, sent by the real
 * mailer. The sample Tuesday group meets at 18:30 in Denver: 01:30 UTC on the Wednesday.
 */
class RemindersIT {
    static final String TUESDAY_GROUP = "connection-tue-downtown";
    /** Monday 1 February 2027, 05:00 in Denver. */
    static final Instant MONDAY = Instant.parse("2027-02-01T12:00:00Z");
    /** The first meeting after it: Tuesday 2 February, 18:30 in Denver. */
    static final Instant MEETING = Instant.parse("2027-02-03T01:30:00Z");

    private final Noticeboard board = new Noticeboard(MONDAY);

    @Test
    void reminder_isQueuedFrom24HoursBefore_theFirstMeeting_once_overRepeatedRuns() {
        Noticeboard.Registrant english = board.register(TUESDAY_GROUP, "confirmed", MONDAY, "en");
        Noticeboard.Registrant spanish = board.register(TUESDAY_GROUP, "confirmed", MONDAY, "es");

        at(MEETING.minusSeconds(24 * 3600 + 60));
        assertEquals(0L, board.schedule(board.clock.instant()).get("remindersQueued"), "not due yet");
        board.deliver();
        assertTrue(english.mail().isEmpty());

        at(MEETING.minusSeconds(24 * 3600));
        assertEquals(2L, board.schedule(board.clock.instant()).get("remindersQueued"), "due from 24 hours before");
        at(MEETING.minusSeconds(23 * 3600));
        assertEquals(0L, board.schedule(board.clock.instant()).get("remindersQueued"), "queued once");
        board.deliver();
        board.deliver();

        Noticeboard.assertOneMail(english, "Example Peer Support: a reminder about your next meeting");
        MotoOutbox.Mail mail = english.mail().get(0);
        assertTrue(mail.text().contains("Tuesday, February 2, 2027, 6:30 PM to 8:00 PM"), mail.text());
        assertTrue(mail.text().contains("call or text 988"));
        assertTrue(mail.text().contains("/signups/withdraw?token="), "the withdraw link");
        Noticeboard.assertOneMail(spanish, "Example Peer Support: recordatorio de su próxima reunión");

        at(MEETING.plusSeconds(7 * 24 * 3600 - 23 * 3600));
        assertEquals(0L, board.schedule(board.clock.instant()).get("remindersQueued"), "one reminder, not one a week");
        board.deliver();
        assertEquals(1, english.mail().size());
    }

    @Test
    void noReminder_whenTheFirstMeetingIsLessThan24HoursAfterThePlaceWasGiven() {
        Instant placed = MEETING.minusSeconds(20 * 3600);
        at(placed);
        Noticeboard.Registrant late = board.register(TUESDAY_GROUP, "confirmed", placed, "en");
        for (Instant run : List.of(placed.plusSeconds(900), MEETING.minusSeconds(3600), MEETING.minusSeconds(60),
                MEETING.plusSeconds(6 * 24 * 3600))) {
            at(run);
            assertEquals(0L, board.schedule(run).get("remindersQueued"), "at " + run);
        }
        board.deliver();
        assertTrue(late.mail().isEmpty(), "the details email has just gone: nothing more");
        assertEquals("none", board.reload(late).reminder());
    }

    @Test
    void waitlisted_getNoReminder() {
        Noticeboard.Registrant waiting = board.register(TUESDAY_GROUP, "waitlisted", MONDAY, "en");
        at(MEETING.minusSeconds(3600));
        assertEquals(0L, board.schedule(board.clock.instant()).get("remindersQueued"));
        board.deliver();
        assertTrue(waiting.mail().isEmpty());
    }

    private void at(Instant instant) {
        board.clock.set(instant);
    }
}
