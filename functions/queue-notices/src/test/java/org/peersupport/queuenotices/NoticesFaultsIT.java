package org.peersupport.queuenotices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.peersupport.sendconfirmation.SendConfirmationHandler;
import org.peersupport.shared.store.GroupChangeItem;
import org.peersupport.testkit.MotoOutbox;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The messages after a sign-up under failure, as the details email's: SES down while reminders and
 * change notices are queued and sent loses none and sends none twice once it is back; a change
 * that can never be handled ends in the notice function's on-failure queue and stops nothing else.
 */
@Tag("faults")
class NoticesFaultsIT {
    static final Instant MONDAY = Instant.parse("2027-02-01T12:00:00Z");
    /** A day before the Tuesday group's meeting on 2 February (18:30 in Denver). */
    static final Instant REMINDERS_DUE = Instant.parse("2027-02-02T01:30:00Z");

    private final Noticeboard board = new Noticeboard(MONDAY);

    @Test
    void sesOutage_duringRemindersAndNotices_losesNone_andSendsNoneTwice_onceSesIsBack() {
        List<Noticeboard.Registrant> registrants = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            registrants.add(board.register("connection-tue-downtown", "confirmed", MONDAY, i % 3 == 0 ? "es" : "en"));
        }
        SesOutage outage = new SesOutage();
        SendConfirmationHandler down = board.mailer(outage);

        board.clock.set(REMINDERS_DUE);
        assertEquals(12L, board.schedule(REMINDERS_DUE).get("remindersQueued"));
        assertEquals(201, board.staffCall("put-closure.json", Map.of("date", "2027-02-16"), "{\"name\": \"Staff day\"}"));
        board.deliver(down);
        assertTrue(outage.refused.get() > 0, "the mailer tried");
        for (Noticeboard.Registrant who : registrants) {
            assertTrue(who.mail().isEmpty(), "nothing got through");
        }
        board.schedule(REMINDERS_DUE.plusSeconds(900)); // a run during the outage queues nothing twice

        outage.end();
        board.clock.set(REMINDERS_DUE.plusSeconds(1800)); // past the leases of the attempts that failed
        SendConfirmationHandler back = board.mailer(outage);
        for (int run = 0; run < 3; run++) {
            board.sweep(back);
        }
        int refusedDuringOutage = outage.refused.get();
        Map<String, Integer> subjects = new HashMap<>();
        for (Noticeboard.Registrant who : registrants) {
            List<MotoOutbox.Mail> mail = who.mail();
            assertEquals(2, mail.size(), "a reminder and a change notice, each once: "
                    + mail.stream().map(MotoOutbox.Mail::subject).toList());
            mail.forEach(m -> subjects.merge(m.subject(), 1, Integer::sum));
        }
        System.out.printf("NOTICES outage: registrants=%d remindersQueued=12 changeNoticesQueued=12 sesCallsRefused=%d"
                + " mailerStreamOnFailureMessages=%d | after: sweepRuns=3 emails=%d (expected 24)%n",
                registrants.size(), refusedDuringOutage,
                board.mailerStreamOnFailureMessages(), subjects.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(Map.of(
                "Example Peer Support: a reminder about your next meeting", 8,
                "Example Peer Support: recordatorio de su próxima reunión", 4,
                "Example Peer Support: a change to your group's meetings", 8,
                "Example Peer Support: un cambio en las reuniones de su grupo", 4), subjects);
    }

    @Test
    void aChangeThatCanNeverBeHandled_goesToTheOnFailureQueue_andTheOthersAreHandled() {
        Noticeboard.Registrant tuesday = board.register("connection-tue-downtown", "confirmed", MONDAY, "en");
        // A change whose record cannot be read (as a bug or a hand edit would leave it).
        board.deployment.enhanced().table(board.deployment.physicalId("GroupChangesTable"), GroupChangeItem.SCHEMA)
                .putItem(new GroupChangeItem(UUID.randomUUID().toString(), "connection-tue-downtown",
                        List.of("not a change"), null, null, null, MONDAY.toString(), MONDAY.plusSeconds(604_800).getEpochSecond(),
                        null, null, null));
        assertEquals(201, board.staffCall("put-closure.json", Map.of("date", "2027-02-09"), "{\"name\": \"Staff day\"}"));

        board.deliver();

        assertEquals(1, board.changeStream.stats().onFailureMessages(), "the poison record, described for staff");
        List<Message> described = board.deployment.sqs().receiveMessage(r -> r.queueUrl(
                board.changeStream.settings().onFailureQueueUrl()).maxNumberOfMessages(10)).messages();
        assertEquals(1, described.size());
        assertTrue(described.get(0).body().contains("\"DDBStreamBatchInfo\""));
        assertFalse(described.get(0).body().contains("@"), "batch metadata only");
        Noticeboard.assertOneMail(tuesday, "Example Peer Support: a change to your group's meetings");

        // The scheduled run tries it again a bounded number of times, then leaves it to staff.
        for (int run = 0; run < ChangeNotices.MAX_ATTEMPTS + 2; run++) {
            board.clock.set(MONDAY.plusSeconds(900L * (run + 1)));
            board.schedule(board.clock.instant());
        }
        assertEquals(0L, board.schedule(MONDAY.plusSeconds(86_400)).get("changesFailed"), "given up on, not retried forever");
        assertEquals(1, tuesday.mail().size());
    }
}
