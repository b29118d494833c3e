package org.peersupport.listgroups;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.shared.schedule.Schedule;

/**
 * A group's meetings over a window, as HSDS schedule objects can state them. An HSDS schedule has
 * one UTC offset ({@code timezone}, {@code opens_at}, {@code closes_at}) and no exception dates,
 * so the meetings are cut into runs: consecutive meetings of the rule, none skipped between them,
 * all at the same local times and offsets. A daylight-saving change, an exdate or a closure ends a
 * run, and the next meeting starts another; a start time that does not exist on a spring-forward
 * day (moved forward, as in calendars) is a run of its own. Expanding each run's rule from its
 * first meeting to its last gives exactly the meetings {@code nextMeetings} lists.
 */
final class ScheduleRuns {
    /** How far ahead the feed states meetings; HSDS suggests data be re-checked about yearly. */
    static final int WINDOW_YEARS = 1;

    /**
     * @param first      the first meeting's local date (the run's {@code dtstart} and {@code valid_from})
     * @param last       the last meeting's local date within the window
     * @param open       true when the run goes on past the window (no {@code until}: only the
     *                   window ends it)
     * @param skipped    meeting dates skipped right after this run (and, for the first run, those
     *                   skipped before it), for the schedule's notes
     */
    record Run(LocalDate first, LocalDate last, ZoneOffset startOffset, LocalTime opens, LocalTime closes,
               ZoneOffset endOffset, boolean open, List<LocalDate> skipped) {
    }

    private ScheduleRuns() {
    }

    /** The last date the feed covers for a schedule, seen at {@code now}. */
    static LocalDate windowEnd(Schedule schedule, Instant now) {
        return now.atZone(schedule.timezone()).toLocalDate().plusYears(WINDOW_YEARS);
    }

    /** The runs of meetings that have not ended by {@code now}, up to {@link #windowEnd}. */
    static List<Run> of(Schedule schedule, Instant now, Set<LocalDate> closures, ZoneId orgZone) {
        LocalDate end = windowEnd(schedule, now);
        // A meeting that began yesterday may not have ended yet.
        LocalDate from = now.atZone(schedule.timezone()).toLocalDate().minusDays(1);
        // Weekly on every day is 7 x 53 dates a year; the rule looks two years ahead of `from`.
        List<LocalDate> dates = schedule.rule().datesFrom(schedule.startDate(), from, 7 * 54 * WINDOW_YEARS + 7,
                WINDOW_YEARS + 1);
        List<Run> runs = new ArrayList<>();
        List<LocalDate> leadingSkips = new ArrayList<>();
        Builder current = null;
        for (LocalDate date : dates) {
            if (date.isAfter(end)) {
                break;
            }
            Meeting meeting = schedule.meetingOn(date);
            if (!meeting.end().toInstant().isAfter(now)) {
                continue;
            }
            if (schedule.isSkipped(date, meeting, closures, orgZone)) {
                (current == null ? leadingSkips : current.skippedAfter).add(date);
                continue;
            }
            if (current != null && current.skippedAfter.isEmpty() && current.fits(meeting)) {
                current.last = date;
                continue;
            }
            if (current != null) {
                runs.add(current.build(false));
            }
            current = new Builder(date, meeting);
            if (runs.isEmpty()) {
                // Skips before the first run are noted on it: no run comes before them.
                current.skippedBefore.addAll(leadingSkips);
            }
        }
        if (current != null) {
            // Trailing skips end the run; otherwise only the window does.
            runs.add(current.build(current.skippedAfter.isEmpty()));
        }
        return runs;
    }

    private static final class Builder {
        final LocalDate first;
        final ZoneOffset startOffset;
        final LocalTime opens;
        final LocalTime closes;
        final ZoneOffset endOffset;
        LocalDate last;
        final List<LocalDate> skippedBefore = new ArrayList<>();
        final List<LocalDate> skippedAfter = new ArrayList<>();

        Builder(LocalDate date, Meeting meeting) {
            first = date;
            last = date;
            startOffset = meeting.start().getOffset();
            opens = meeting.start().toLocalTime();
            closes = meeting.end().toLocalTime();
            endOffset = meeting.end().getOffset();
        }

        boolean fits(Meeting meeting) {
            return meeting.start().getOffset().equals(startOffset) && meeting.start().toLocalTime().equals(opens)
                    && meeting.end().toLocalTime().equals(closes) && meeting.end().getOffset().equals(endOffset);
        }

        Run build(boolean open) {
            List<LocalDate> skipped = new ArrayList<>(skippedBefore);
            skipped.addAll(skippedAfter);
            return new Run(first, last, startOffset, opens, closes, endOffset, open, List.copyOf(skipped));
        }
    }
}
