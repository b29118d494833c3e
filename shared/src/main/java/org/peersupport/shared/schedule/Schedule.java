package org.peersupport.shared.schedule;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * When a group meets: a recurrence rule anchored at the first meeting's date, a local start time
 * and duration in an IANA time zone, and dates the group does not meet ({@code exdates}).
 *
 * <p>Local times stay fixed across daylight-saving changes: a 18:30 meeting is at 18:30 on both
 * sides of the change. A start time that does not exist on a spring-forward day moves forward by
 * the gap, as RFC 5545 and calendar applications do.
 */
public record Schedule(ZoneId timezone, RecurrenceRule rule, LocalDate startDate, LocalTime startTime,
                       int durationMinutes, List<LocalDate> exdates) {

    public static final int MIN_DURATION_MINUTES = 5;
    public static final int MAX_DURATION_MINUTES = 720;
    public static final int MAX_EXDATES = 200;
    /** How far ahead meetings are looked for when exdates and closures skip many. */
    private static final int HORIZON_YEARS = 3;
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd").withResolverStyle(ResolverStyle.STRICT);
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    public Schedule {
        exdates = List.copyOf(new TreeSet<>(exdates));
    }

    /**
     * Reads a schedule as staff write it and rejects anything that could be misread: unknown
     * zones, unsupported rules, a first date the rule does not meet on, exdates that are not
     * meeting dates.
     */
    public static Schedule parse(String timezone, String rrule, String startDate, String startTime,
                                 Integer durationMinutes, List<String> exdates) {
        ZoneId zone = zone(timezone);
        RecurrenceRule rule = RecurrenceRule.parse(rrule);
        LocalDate start = date("startDate", startDate);
        LocalTime time;
        try {
            time = LocalTime.parse(startTime == null ? "" : startTime, TIME);
        } catch (DateTimeParseException e) {
            throw new InvalidScheduleException("startTime", "Enter the start time as HH:MM, 24-hour clock.");
        }
        if (durationMinutes == null || durationMinutes < MIN_DURATION_MINUTES
                || durationMinutes > MAX_DURATION_MINUTES) {
            throw new InvalidScheduleException("durationMinutes", "Enter a duration from "
                    + MIN_DURATION_MINUTES + " to " + MAX_DURATION_MINUTES + " minutes.");
        }
        if (!rule.occursOn(start, start)) {
            throw new InvalidScheduleException("startDate",
                    "The start date must be the first meeting's date, a day the rule meets on.");
        }
        List<String> given = exdates == null ? List.of() : exdates;
        if (given.size() > MAX_EXDATES) {
            throw new InvalidScheduleException("exdates", "List at most " + MAX_EXDATES + " dates.");
        }
        List<LocalDate> skipped = new ArrayList<>(given.size());
        for (String text : given) {
            LocalDate date = date("exdates", text);
            if (!rule.occursOn(date, start)) {
                throw new InvalidScheduleException("exdates",
                        "Every date in exdates must be a date the group would otherwise meet.");
            }
            skipped.add(date);
        }
        return new Schedule(zone, rule, start, time, durationMinutes, skipped);
    }

    /** An IANA region zone such as America/Denver; fixed offsets and abbreviations are refused. */
    public static ZoneId zone(String id) {
        if (id == null || !id.contains("/") || !ZoneId.getAvailableZoneIds().contains(id)) {
            throw new InvalidScheduleException("timezone", "Enter an IANA time zone such as America/Denver.");
        }
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("timezone", "Enter an IANA time zone such as America/Denver.");
        }
    }

    /** A strict {@code YYYY-MM-DD} date. */
    public static LocalDate date(String field, String text) {
        try {
            return LocalDate.parse(text == null ? "" : text, DATE);
        } catch (DateTimeParseException e) {
            throw new InvalidScheduleException(field, "Enter dates as YYYY-MM-DD.");
        }
    }

    /**
     * The next {@code count} meetings that have not ended by {@code now}, skipping exdates and
     * organisation-wide closures. A closure is a date in the organisation's time zone.
     */
    public List<Meeting> nextMeetings(Instant now, int count, Set<LocalDate> closures, ZoneId orgZone) {
        List<Meeting> meetings = new ArrayList<>(count);
        // A meeting that began yesterday may not have ended yet.
        LocalDate from = now.atZone(timezone).toLocalDate().minusDays(1);
        int batch = Math.max(count * 2, 8);
        while (meetings.size() < count) {
            List<LocalDate> dates = rule.datesFrom(startDate, from, batch, HORIZON_YEARS);
            for (LocalDate date : dates) {
                Meeting meeting = meetingOn(date);
                if (isSkipped(date, meeting, closures, orgZone) || !meeting.end().toInstant().isAfter(now)) {
                    continue;
                }
                meetings.add(meeting);
                if (meetings.size() == count) {
                    return meetings;
                }
            }
            if (dates.size() < batch) {
                return meetings; // nothing more within the horizon
            }
            from = dates.get(dates.size() - 1).plusDays(1);
            if (from.isAfter(now.atZone(timezone).toLocalDate().plusYears(HORIZON_YEARS))) {
                return meetings;
            }
        }
        return meetings;
    }

    /** The meeting on a date the rule meets on (whether or not it is skipped). */
    public Meeting meetingOn(LocalDate date) {
        ZonedDateTime start = ZonedDateTime.of(date, startTime, timezone);
        return new Meeting(start, start.plusMinutes(durationMinutes));
    }

    /** Whether the meeting on {@code date} is cancelled by an exdate or a closure. */
    public boolean isSkipped(LocalDate date, Meeting meeting, Set<LocalDate> closures, ZoneId orgZone) {
        return exdates.contains(date)
                || (!closures.isEmpty()
                    && closures.contains(meeting.start().withZoneSameInstant(orgZone).toLocalDate()));
    }

    /** Meeting dates cancelled by closures (not already exdates), for calendars' EXDATE lists. */
    public List<LocalDate> closedMeetingDates(Set<LocalDate> closures, ZoneId orgZone) {
        List<LocalDate> closed = new ArrayList<>();
        for (LocalDate closure : new TreeSet<>(closures)) {
            // A closure date in the organisation's zone can fall on the day before or after in the group's.
            for (int shift = -1; shift <= 1; shift++) {
                LocalDate date = closure.plusDays(shift);
                if (rule.occursOn(date, startDate) && !exdates.contains(date) && !closed.contains(date)
                        && meetingOn(date).start().withZoneSameInstant(orgZone).toLocalDate().equals(closure)) {
                    closed.add(date);
                }
            }
        }
        closed.sort(null);
        return closed;
    }

    /** The weekdays the group meets on, as seen in its own time zone. */
    public Set<DayOfWeek> weekdays() {
        return rule.weekdays(startDate);
    }

    public String startDateText() {
        return DATE.format(startDate);
    }

    public String startTimeText() {
        return TIME.format(startTime);
    }

    public static String dateText(LocalDate date) {
        return DATE.format(date);
    }
}
