package org.peersupport.queuenotices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.testkit.MotoOutbox;

/**
 * Change notices from the staff routes that make the change to the email that tells of it: a
 * change recorded with the group's (manage-groups), the GroupChanges stream (configured from
 * template.yaml) to the notice function, the mailer. "Now" is Monday 1 February 2027.
 */
class ChangeNoticesIT {
    static final Instant MONDAY = Instant.parse("2027-02-01T12:00:00Z");
    static final String CHANGE_SUBJECT = "Example Peer Support: a change to your group's meetings";

    private final Noticeboard board = new Noticeboard(MONDAY);

    @Test
    void closureOnATuesday_notifiesTheTuesdayGroupsRegistrantsOnce_andNobodyElse() {
        Noticeboard.Registrant tuesday = board.register("connection-tue-downtown", "confirmed", MONDAY, "en");
        Noticeboard.Registrant waiting = board.register("connection-tue-downtown", "waitlisted", MONDAY, "es");
        Noticeboard.Registrant saturday = board.register("conexion-sabado-hibrido", "confirmed", MONDAY, "es");
        Noticeboard.Registrant mondayWednesday = board.register("connection-lunch-online", "confirmed", MONDAY, "en");

        assertEquals(201, board.staffCall("put-closure.json", Map.of("date", "2027-02-09"), "{\"name\": \"Staff day\"}"));
        board.deliver();
        board.clock.set(MONDAY.plusSeconds(900));
        board.schedule(board.clock.instant()); // the scheduled run finds nothing left to handle
        board.deliver();

        Noticeboard.assertOneMail(tuesday, CHANGE_SUBJECT);
        assertTrue(tuesday.mail().get(0).text().contains("There will be no meeting on Tuesday, February 9."),
                tuesday.mail().get(0).text());
        Noticeboard.assertOneMail(waiting, "Example Peer Support: un cambio en las reuniones de su grupo");
        assertTrue(waiting.mail().get(0).text().contains("No habrá reunión el martes 9 de febrero."),
                waiting.mail().get(0).text());
        assertTrue(saturday.mail().isEmpty(), "the Saturday group does not meet that day");
        assertTrue(mondayWednesday.mail().isEmpty(), "nor the Monday and Wednesday group");

        assertEquals(200, board.staffCall("put-closure.json", Map.of("date", "2027-02-09"), "{\"name\": \"Renamed\"}"));
        board.deliver();
        assertEquals(1, tuesday.mail().size(), "renaming a closure changes no meeting");
    }

    /** Each change to a Monday group that meets at 19:00 in person and online. */
    @ParameterizedTest
    @ValueSource(strings = {"exdate", "time", "meetingUrl", "address", "paused", "archived"})
    void aChangeToTheNextFourWeeks_notifiesEachRegistrantOnce_sayingWhatChanged(String what) {
        String group = "notice-" + what.toLowerCase(java.util.Locale.ROOT);
        assertEquals(201, board.putGroup(group, hybrid(Map.of())));
        Noticeboard.Registrant confirmed = board.register(group, "confirmed", MONDAY, "en");
        Noticeboard.Registrant waiting = board.register(group, "waitlisted", MONDAY, "en");

        String says = switch (what) {
            case "exdate" -> {
                assertEquals(200, board.putGroup(group, hybrid(Map.of("schedule",
                        Noticeboard.schedule("FREQ=WEEKLY;BYDAY=MO", "2027-01-04", "19:00", 90, List.of("2027-02-15"))))));
                yield "There will be no meeting on Monday, February 15.";
            }
            case "time" -> {
                assertEquals(200, board.putGroup(group, hybrid(Map.of("schedule",
                        Noticeboard.schedule("FREQ=WEEKLY;BYDAY=MO", "2027-01-04", "18:00", 90, List.of())))));
                yield "The meeting time has changed on Monday, February 1, Monday, February 8, Monday, February 15"
                        + " and Monday, February 22.";
            }
            case "meetingUrl" -> {
                assertEquals(200, board.putGroup(group, hybrid(Map.of("meetingUrl", "https://meet.example.org/new-room"))));
                yield "The link to join the meeting online has changed.";
            }
            case "address" -> {
                assertEquals(200, board.putGroup(group, hybrid(Map.of("address", "Example Hall, 5 Other Street, Springfield"))));
                yield "The address where the group meets has changed.";
            }
            case "paused" -> {
                assertEquals(200, board.putGroup(group, hybrid(Map.of("status", "paused"))));
                yield "The group is taking a break";
            }
            default -> {
                assertEquals(204, board.staffCall("archive-group.json", Map.of("groupId", group), null));
                yield "The group has come to an end";
            }
        };
        board.deliver();
        board.deliver();

        for (Noticeboard.Registrant who : List.of(confirmed, waiting)) {
            Noticeboard.assertOneMail(who, CHANGE_SUBJECT);
            MotoOutbox.Mail mail = who.mail().get(0);
            assertTrue(mail.text().contains(says), mail.text());
            assertTrue(mail.text().contains("call or text 988"));
            assertTrue(mail.text().contains("/signups/withdraw?token="), "the withdraw link");
        }
        if (what.equals("meetingUrl")) {
            assertTrue(confirmed.mail().get(0).text().contains("https://meet.example.org/new-room"), "the new link");
        }
    }

    @Test
    void aChangeBeyondFourWeeks_orToNothingThatMeets_notifiesNoOne() {
        String group = "notice-later";
        assertEquals(201, board.putGroup(group, hybrid(Map.of())));
        Noticeboard.Registrant confirmed = board.register(group, "confirmed", MONDAY, "en");
        assertEquals(200, board.putGroup(group, hybrid(Map.of("schedule",
                Noticeboard.schedule("FREQ=WEEKLY;BYDAY=MO", "2027-01-04", "19:00", 90, List.of("2027-05-03"))))));
        assertEquals(200, board.putGroup(group, hybrid(Map.of("description", "A new description.",
                "schedule", Noticeboard.schedule("FREQ=WEEKLY;BYDAY=MO", "2027-01-04", "19:00", 90, List.of("2027-05-03"))))));
        assertEquals(201, board.staffCall("put-closure.json", Map.of("date", "2027-02-10"), "{\"name\": \"A Wednesday\"}"));
        board.deliver();
        assertTrue(confirmed.mail().isEmpty(), "an exdate in May, a new description, a closure on a Wednesday");
    }

    @Test
    void aRaisedCapacity_givesTheNewPlacesToThePeopleWaiting_earliestFirst_withOneEmailEach() {
        String group = "notice-capacity";
        assertEquals(201, board.putGroup(group, hybrid(Map.of("capacity", 1))));
        board.register(group, "confirmed", MONDAY.minusSeconds(3600), "en");
        Noticeboard.Registrant first = board.register(group, "waitlisted", MONDAY.minusSeconds(1800), "es");
        Noticeboard.Registrant second = board.register(group, "waitlisted", MONDAY.minusSeconds(900), "en");

        assertEquals(200, board.putGroup(group, hybrid(Map.of("capacity", 2))));
        board.deliver();
        board.deliver();

        Noticeboard.assertOneMail(first, "Example Peer Support: hay un lugar para usted");
        assertTrue(first.mail().get(0).text().contains("Example Library, Meeting Room B"), "with the details");
        assertEquals("confirmed", board.reload(first).status());
        assertEquals("waitlisted", board.reload(second).status());
        assertTrue(second.mail().isEmpty());
    }

    /** The sample PUT body as a hybrid group on Mondays at 19:00, with {@code changes}. */
    static Map<String, Object> hybrid(Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>();
        body.put("format", "hybrid");
        body.put("meetingUrl", "https://meet.example.org/monday-room");
        body.put("capacity", 30);
        body.put("lastVerified", "2027-01-15");
        body.putAll(changes);
        return body;
    }
}
