package org.peersupport.shared.notices;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.peersupport.shared.model.Format;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.model.MeetingDetails;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.shared.schedule.Schedule;

/**
 * What a change to a group (or to the organisation's closures) does to the group's meetings in the
 * next four weeks, worked out with the same {@link Schedule} code the listing, the calendars and
 * the emails use: the meetings before and after are compared date by date. A change that touches
 * no meeting in that window touches nobody, and gives no notice.
 */
public final class MeetingChanges {
    /** How far ahead a change is looked for: people plan about a month ahead. */
    public static final Duration WINDOW = Duration.ofDays(28);
    /** More than any rule can meet in four weeks (daily would be 28). */
    private static final int MAX_MEETINGS = 40;

    private MeetingChanges() {
    }

    /**
     * A group as far as its registrants' meetings go: when (schedule and the organisation's
     * closures), whether it meets at all (status, archived), and where and how to join.
     */
    public record Snapshot(Schedule schedule, GroupStatus status, boolean archived, Format format,
                           MeetingDetails details, Set<LocalDate> closures) {
        public Snapshot {
            closures = Set.copyOf(closures);
            details = details == null ? MeetingDetails.NONE : details;
        }

        /** The same group with other closures. */
        public Snapshot withClosures(Set<LocalDate> other) {
            return new Snapshot(schedule, status, archived, format, details, other);
        }

        boolean meets() {
            return !archived && status != GroupStatus.PAUSED;
        }

        String address() {
            return format.hasPlace() ? blankToNull(details.address()) : null;
        }

        String meetingUrl() {
            return format.hasOnlineAccess() ? blankToNull(details.meetingUrl()) : null;
        }

        String meetingPhone() {
            return format.hasOnlineAccess() ? blankToNull(details.meetingPhone()) : null;
        }
    }

    /**
     * The changes from {@code before} to {@code after} that touch a meeting not yet over at
     * {@code now} and starting within {@link #WINDOW} of it; empty when none does.
     */
    public static List<MeetingChange> between(Snapshot before, Snapshot after, Instant now, ZoneId orgZone) {
        Map<LocalDate, Meeting> was = meetings(before, now, orgZone);
        Map<LocalDate, Meeting> is = meetings(after, now, orgZone);
        List<MeetingChange> changes = new ArrayList<>();
        if (before.meets() && after.archived()) {
            add(changes, MeetingChange.Kind.ARCHIVED, List.copyOf(was.keySet()));
            return changes;
        }
        if (before.meets() && !after.meets()) {
            add(changes, MeetingChange.Kind.PAUSED, List.copyOf(was.keySet()));
            return changes;
        }
        if (!after.meets()) {
            return changes; // not meeting before or after: nothing a registrant would notice
        }
        if (!before.meets()) {
            add(changes, MeetingChange.Kind.RESUMED, List.copyOf(is.keySet()));
            return changes;
        }
        List<LocalDate> cancelled = new ArrayList<>();
        List<LocalDate> time = new ArrayList<>();
        List<LocalDate> duration = new ArrayList<>();
        was.forEach((date, meeting) -> {
            Meeting current = is.get(date);
            if (current == null) {
                cancelled.add(date);
            } else if (!current.start().toInstant().equals(meeting.start().toInstant())) {
                time.add(date);
            } else if (!current.end().toInstant().equals(meeting.end().toInstant())) {
                duration.add(date);
            }
        });
        List<LocalDate> added = new ArrayList<>();
        is.keySet().forEach(date -> {
            if (!was.containsKey(date)) {
                added.add(date);
            }
        });
        add(changes, MeetingChange.Kind.CANCELLED, cancelled);
        add(changes, MeetingChange.Kind.ADDED, added);
        add(changes, MeetingChange.Kind.TIME, time);
        add(changes, MeetingChange.Kind.DURATION, duration);
        List<LocalDate> upcoming = List.copyOf(is.keySet());
        if (!Objects.equals(before.address(), after.address())) {
            add(changes, MeetingChange.Kind.ADDRESS, upcoming);
        }
        if (!Objects.equals(before.meetingUrl(), after.meetingUrl())) {
            add(changes, MeetingChange.Kind.MEETING_URL, upcoming);
        }
        if (!Objects.equals(before.meetingPhone(), after.meetingPhone())) {
            add(changes, MeetingChange.Kind.MEETING_PHONE, upcoming);
        }
        return changes;
    }

    /** The group's meetings in the window, by date in its own time zone (none when it does not meet). */
    static Map<LocalDate, Meeting> meetings(Snapshot group, Instant now, ZoneId orgZone) {
        Map<LocalDate, Meeting> out = new TreeMap<>();
        if (!group.meets()) {
            return out;
        }
        Instant end = now.plus(WINDOW);
        for (Meeting meeting : group.schedule().nextMeetings(now, MAX_MEETINGS, group.closures(), orgZone)) {
            if (!meeting.start().toInstant().isBefore(end)) {
                break;
            }
            out.put(meeting.start().toLocalDate(), meeting);
        }
        return out;
    }

    private static void add(List<MeetingChange> changes, MeetingChange.Kind kind, List<LocalDate> dates) {
        if (!dates.isEmpty()) {
            changes.add(new MeetingChange(kind, dates));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
