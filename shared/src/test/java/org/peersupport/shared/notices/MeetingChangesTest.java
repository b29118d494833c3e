package org.peersupport.shared.notices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.model.Format;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.model.MeetingDetails;
import org.peersupport.shared.notices.MeetingChange.Kind;
import org.peersupport.shared.schedule.Schedule;

/**
 * What a change to a group means for its registrants over the next four weeks, as a person would
 * read it: a Tuesday group meets on 1, 8, 15, 22 and 29 December 2026 (Wednesday 2 December is
 * "now"; 29 December is the last meeting that starts within 28 days).
 */
class MeetingChangesTest {
    static final ZoneId DENVER = ZoneId.of("America/Denver");
    static final Instant NOW = Instant.parse("2026-12-02T17:00:00Z");
    static final MeetingDetails ROOM = new MeetingDetails("1 Sample Street, Room 204", null, null, "Robin", null, null);

    static Schedule tuesdays(String startTime, int minutes, List<String> exdates) {
        return Schedule.parse("America/Denver", "FREQ=WEEKLY;BYDAY=TU", "2026-01-06", startTime, minutes, exdates);
    }

    static MeetingChanges.Snapshot group(Schedule schedule, GroupStatus status, boolean archived, MeetingDetails details,
                                         Set<LocalDate> closures) {
        return new MeetingChanges.Snapshot(schedule, status, archived, Format.IN_PERSON, details, closures);
    }

    static final MeetingChanges.Snapshot TUESDAYS = group(tuesdays("18:30", 90, List.of()), GroupStatus.ACTIVE, false,
            ROOM, Set.of());

    static List<MeetingChange> between(MeetingChanges.Snapshot before, MeetingChanges.Snapshot after) {
        return MeetingChanges.between(before, after, NOW, DENVER);
    }

    static List<LocalDate> dates(String... texts) {
        return java.util.Arrays.stream(texts).map(LocalDate::parse).toList();
    }

    @Test
    void closureOnATuesday_cancelsThatMeeting_andAWednesdayClosureNothing() {
        assertEquals(List.of(new MeetingChange(Kind.CANCELLED, dates("2026-12-22"))),
                between(TUESDAYS, TUESDAYS.withClosures(Set.of(LocalDate.parse("2026-12-22")))));
        assertEquals(List.of(), between(TUESDAYS, TUESDAYS.withClosures(Set.of(LocalDate.parse("2026-12-23")))));
        assertEquals(List.of(new MeetingChange(Kind.ADDED, dates("2026-12-22"))),
                between(TUESDAYS.withClosures(Set.of(LocalDate.parse("2026-12-22"))), TUESDAYS), "a closure lifted");
    }

    @Test
    void exdate_cancelsItsMeeting() {
        assertEquals(List.of(new MeetingChange(Kind.CANCELLED, dates("2026-12-15"))),
                between(TUESDAYS, group(tuesdays("18:30", 90, List.of("2026-12-15")), GroupStatus.ACTIVE, false, ROOM,
                        Set.of())));
    }

    @Test
    void newStartTime_touchesEveryMeetingInTheWindow_andANewLengthOnlyItsEnd() {
        assertEquals(List.of(new MeetingChange(Kind.TIME, dates("2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29"))),
                between(TUESDAYS, group(tuesdays("19:00", 90, List.of()), GroupStatus.ACTIVE, false, ROOM, Set.of())));
        assertEquals(List.of(new MeetingChange(Kind.DURATION, dates("2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29"))),
                between(TUESDAYS, group(tuesdays("18:30", 60, List.of()), GroupStatus.ACTIVE, false, ROOM, Set.of())));
    }

    @Test
    void whereAndHow_changeOnlyWhatThisFormatUses() {
        MeetingDetails moved = new MeetingDetails("9 Example Road", "https://meet.example.org/x", "+1 555 010 0100",
                "Robin", null, null);
        assertEquals(List.of(new MeetingChange(Kind.ADDRESS, dates("2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29"))),
                between(TUESDAYS, group(TUESDAYS.schedule(), GroupStatus.ACTIVE, false, moved, Set.of())),
                "an in-person group's link and phone are not given to anyone, so changing them changes nothing");
        MeetingChanges.Snapshot online = new MeetingChanges.Snapshot(TUESDAYS.schedule(), GroupStatus.ACTIVE, false,
                Format.ONLINE, ROOM, Set.of());
        List<MeetingChange> changes = between(online, new MeetingChanges.Snapshot(TUESDAYS.schedule(), GroupStatus.ACTIVE,
                false, Format.ONLINE, moved, Set.of()));
        assertEquals(List.of(Kind.MEETING_URL, Kind.MEETING_PHONE), changes.stream().map(MeetingChange::kind).toList());
        assertEquals(List.of(), between(TUESDAYS, group(TUESDAYS.schedule(), GroupStatus.ACTIVE, false,
                new MeetingDetails("1 Sample Street, Room 204", null, null, "Someone else", "x@example.org", "notes"),
                Set.of())), "a new facilitator or notes change no meeting");
    }

    @Test
    void pauseAndArchive_tellOfTheMeetingsThatWillNotHappen_andResumingOfTheNext() {
        List<LocalDate> window = dates("2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29");
        MeetingChanges.Snapshot paused = group(TUESDAYS.schedule(), GroupStatus.PAUSED, false, ROOM, Set.of());
        assertEquals(List.of(new MeetingChange(Kind.PAUSED, window)), between(TUESDAYS, paused));
        assertEquals(List.of(new MeetingChange(Kind.RESUMED, window)), between(paused, TUESDAYS));
        assertEquals(List.of(new MeetingChange(Kind.ARCHIVED, window)),
                between(TUESDAYS, group(TUESDAYS.schedule(), GroupStatus.ACTIVE, true, ROOM, Set.of())));
        assertEquals(List.of(), between(paused, group(tuesdays("20:00", 30, List.of()), GroupStatus.PAUSED, false, ROOM,
                Set.of())), "a paused group's schedule can change without a word to anyone");
        assertEquals(List.of(), between(TUESDAYS, group(TUESDAYS.schedule(), GroupStatus.FULL, false, ROOM, Set.of())),
                "full only closes sign-ups: the meetings go on");
    }

    @Test
    void changeBeyondFourWeeks_touchesNoMeeting_andNotifiesNoOne() {
        assertEquals(List.of(), between(TUESDAYS, TUESDAYS.withClosures(Set.of(LocalDate.parse("2027-01-05")))));
        assertEquals(List.of(), between(TUESDAYS, group(tuesdays("18:30", 90, List.of("2027-02-02")), GroupStatus.ACTIVE,
                false, ROOM, Set.of())));
        MeetingChanges.Snapshot startsLater = group(Schedule.parse("America/Denver", "FREQ=WEEKLY;BYDAY=TU", "2027-03-02",
                "18:30", 90, List.of()), GroupStatus.ACTIVE, false, ROOM, Set.of());
        assertEquals(List.of(), between(startsLater, group(startsLater.schedule(), GroupStatus.ACTIVE, false,
                new MeetingDetails("Elsewhere", null, null, null, null, null), Set.of())),
                "a new address for a group whose first meeting is months away tells nobody yet");
    }

    @Test
    void storedForm_readsBack_andRefusesWhatIsNotOne() {
        MeetingChange change = new MeetingChange(Kind.CANCELLED, dates("2026-12-22", "2026-12-29"));
        assertEquals("cancelled:2026-12-22,2026-12-29", change.wire());
        assertEquals(change, MeetingChange.parse(change.wire()));
        assertEquals(new MeetingChange(Kind.ADDRESS, List.of()), MeetingChange.parse("address:"));
        for (String bad : new String[] {"", "cancelled", "nope:2026-12-22", "cancelled:22/12/2026"}) {
            assertThrows(IllegalArgumentException.class, () -> MeetingChange.parse(bad), bad);
        }
    }
}
