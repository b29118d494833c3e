package org.peersupport.shared.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleTest {
    private static final ZoneId DENVER = ZoneId.of("America/Denver");
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private static List<String> next(Schedule schedule, String now, int count, Set<LocalDate> closures) {
        return schedule.nextMeetings(Instant.parse(now), count, closures, DENVER).stream()
                .map(m -> ISO.format(m.start())).toList();
    }

    @Test
    void nextMeetings_keepLocalTimeAcrossSpringForwardInDenver() {
        Schedule weekly = Schedule.parse("America/Denver", "FREQ=WEEKLY;BYDAY=SU", "2026-01-04", "18:30", 90, List.of());
        // DST starts 2026-03-08 at 02:00 local: the offset moves from -07:00 to -06:00, the time stays 18:30.
        assertEquals(List.of("2026-03-01T18:30:00-07:00", "2026-03-08T18:30:00-06:00", "2026-03-15T18:30:00-06:00"),
                next(weekly, "2026-02-28T12:00:00Z", 3, Set.of()));
    }

    @Test
    void nextMeetings_keepLocalTimeAcrossFallBackInDenver() {
        Schedule weekly = Schedule.parse("America/Denver", "FREQ=WEEKLY;BYDAY=SU", "2026-01-04", "18:30", 90, List.of());
        // DST ends 2026-11-01 at 02:00 local.
        assertEquals(List.of("2026-10-25T18:30:00-06:00", "2026-11-01T18:30:00-07:00"),
                next(weekly, "2026-10-20T12:00:00Z", 2, Set.of()));
        // A 90-minute meeting across the 1 am -> 1 am repeat lasts 90 real minutes.
        Schedule night = Schedule.parse("America/Denver", "FREQ=WEEKLY;BYDAY=SU", "2026-01-04", "00:30", 90, List.of());
        Meeting meeting = night.meetingOn(LocalDate.of(2026, 11, 1));
        assertEquals("2026-11-01T00:30:00-06:00", ISO.format(meeting.start()));
        assertEquals("2026-11-01T01:00:00-07:00", ISO.format(meeting.end()));
    }

    @Test
    void meetingInTheSpringForwardGap_movesForwardByTheGap() {
        Schedule early = Schedule.parse("America/Denver", "FREQ=WEEKLY;BYDAY=SU", "2026-01-04", "02:30", 60, List.of());
        assertEquals("2026-03-08T03:30:00-06:00", ISO.format(early.meetingOn(LocalDate.of(2026, 3, 8)).start()));
    }

    @Test
    void nextMeetings_inTheSouthernHemisphere_followSydneysChanges() {
        Schedule sydney = Schedule.parse("Australia/Sydney", "FREQ=MONTHLY;BYDAY=1SU", "2026-01-04", "10:00", 60, List.of());
        // Sydney leaves daylight time on 2026-04-05 (+11:00 -> +10:00) and returns on 2026-10-04.
        List<String> starts = sydney.nextMeetings(Instant.parse("2026-01-31T00:00:00Z"), 9, Set.of(), DENVER).stream()
                .map(m -> ISO.format(m.start())).toList();
        assertEquals(List.of("2026-02-01T10:00:00+11:00", "2026-03-01T10:00:00+11:00", "2026-04-05T10:00:00+10:00",
                "2026-05-03T10:00:00+10:00", "2026-06-07T10:00:00+10:00", "2026-07-05T10:00:00+10:00",
                "2026-08-02T10:00:00+10:00", "2026-09-06T10:00:00+10:00", "2026-10-04T10:00:00+11:00"), starts);
    }

    @Test
    void nextMeetings_skipExdatesAndClosures() {
        Schedule tuesdays = Schedule.parse("America/Denver", "FREQ=WEEKLY;BYDAY=TU", "2026-01-06", "18:30", 90,
                List.of("2026-12-22", "2026-12-29"));
        assertEquals(List.of("2026-12-01T18:30:00-07:00", "2026-12-15T18:30:00-07:00", "2027-01-05T18:30:00-07:00",
                        "2027-01-12T18:30:00-07:00"),
                next(tuesdays, "2026-11-25T20:00:00Z", 4, Set.of(LocalDate.of(2026, 12, 8))));
    }

    @Test
    void nextMeetings_includeTheMeetingInProgressButNotOneThatEnded() {
        Schedule tuesdays = Schedule.parse("America/Denver", "FREQ=WEEKLY;BYDAY=TU", "2026-01-06", "18:30", 90, List.of());
        // 19:00 local on Tuesday 2026-12-01: the meeting is under way.
        assertEquals("2026-12-01T18:30:00-07:00", next(tuesdays, "2026-12-02T02:00:00Z", 1, Set.of()).get(0));
        // 20:00 local: it has ended.
        assertEquals("2026-12-08T18:30:00-07:00", next(tuesdays, "2026-12-02T03:00:00Z", 1, Set.of()).get(0));
    }

    @Test
    void nextMeetings_beforeTheFirstMeeting_startAtTheFirstMeeting() {
        Schedule later = Schedule.parse("America/Denver", "FREQ=WEEKLY;BYDAY=TU", "2027-03-02", "18:30", 90, List.of());
        assertEquals(List.of("2027-03-02T18:30:00-07:00"), next(later, "2026-11-25T20:00:00Z", 1, Set.of()));
    }

    @Test
    void closures_areDatesInTheOrganisationsZone() {
        // An online group in New York meeting at 00:30 local: that is 22:30 the day before in Denver.
        Schedule eastern = Schedule.parse("America/New_York", "FREQ=WEEKLY;BYDAY=FR", "2026-01-02", "00:30", 60, List.of());
        assertEquals(List.of("2026-12-18T00:30:00-05:00", "2027-01-01T00:30:00-05:00"),
                next(eastern, "2026-12-15T00:00:00Z", 2, Set.of(LocalDate.of(2026, 12, 24))));
        assertEquals(List.of(LocalDate.of(2026, 12, 25)), eastern.closedMeetingDates(Set.of(LocalDate.of(2026, 12, 24)), DENVER));
    }

    @Test
    void nextMeetings_whenEverythingIsSkipped_endWithinTheHorizon() {
        Schedule rare = Schedule.parse("America/Denver", "FREQ=MONTHLY;INTERVAL=12;BYDAY=5FR", "2027-01-29", "18:00", 60,
                List.of());
        // Fifth Fridays in January only, every 12 months: 2027-01-29, then 2028-... has none until later years.
        List<Meeting> meetings = rare.nextMeetings(Instant.parse("2026-11-25T00:00:00Z"), 4, Set.of(), DENVER);
        assertTrue(meetings.size() < 4);
        assertEquals("2027-01-29T18:00:00-07:00", ISO.format(meetings.get(0).start()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "MST              | FREQ=WEEKLY;BYDAY=TU | 2026-01-06 | 18:30 | 90  |            | timezone",
        "+02:00           | FREQ=WEEKLY;BYDAY=TU | 2026-01-06 | 18:30 | 90  |            | timezone",
        "Mars/Olympus     | FREQ=WEEKLY;BYDAY=TU | 2026-01-06 | 18:30 | 90  |            | timezone",
        "America/Denver   | FREQ=WEEKLY;BYDAY=TU | 2026-01-07 | 18:30 | 90  |            | startDate",
        "America/Denver   | FREQ=WEEKLY;BYDAY=TU | 2026-02-30 | 18:30 | 90  |            | startDate",
        "America/Denver   | FREQ=WEEKLY;BYDAY=TU | 6/1/2026   | 18:30 | 90  |            | startDate",
        "America/Denver   | FREQ=WEEKLY;BYDAY=TU | 2026-01-06 | 6:30pm| 90  |            | startTime",
        "America/Denver   | FREQ=WEEKLY;BYDAY=TU | 2026-01-06 | 24:00 | 90  |            | startTime",
        "America/Denver   | FREQ=WEEKLY;BYDAY=TU | 2026-01-06 | 18:30 | 0   |            | durationMinutes",
        "America/Denver   | FREQ=WEEKLY;BYDAY=TU | 2026-01-06 | 18:30 | 9999|            | durationMinutes",
        "America/Denver   | FREQ=WEEKLY;BYDAY=TU | 2026-01-06 | 18:30 | 90  | 2026-12-23 | exdates",
        "America/Denver   | FREQ=MONTHLY;BYDAY=-1FR | 2026-01-23 | 18:30 | 90 |          | startDate",
    })
    void parse_whenAnythingCouldBeMisread_rejectsTheField(String zone, String rule, String start, String time,
                                                          int minutes, String exdate, String field) {
        InvalidScheduleException e = assertThrows(InvalidScheduleException.class,
                () -> Schedule.parse(zone, rule, start, time, minutes, exdate == null ? List.of() : List.of(exdate)));
        assertEquals(field, e.field());
    }

    @Test
    void weekdays_areTheDaysTheGroupMeets() {
        Schedule monthly = Schedule.parse("America/Denver", "FREQ=MONTHLY;BYDAY=1TH,3TH", "2026-02-05", "19:00", 90, List.of());
        assertEquals(Set.of(java.time.DayOfWeek.THURSDAY), monthly.weekdays());
    }
}
