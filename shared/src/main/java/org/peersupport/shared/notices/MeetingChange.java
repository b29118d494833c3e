package org.peersupport.shared.notices;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.peersupport.shared.model.WireValue;
import org.peersupport.shared.schedule.Schedule;

/**
 * One thing staff changed about a group's meetings, and the meeting dates (in the group's time
 * zone) it touches. A change notice names each; it carries no personal data and nothing private
 * about the group (the mailer reads where and how the group meets when it sends).
 */
public record MeetingChange(Kind kind, List<LocalDate> dates) {

    /** What changed. */
    public enum Kind implements WireValue {
        /** No meeting on these dates any more (a closure, an exdate, a new rule). */
        CANCELLED("cancelled"),
        /** A meeting on these dates now (a closure lifted, an exdate removed, a new rule). */
        ADDED("added"),
        /** The meetings on these dates start at another time. */
        TIME("time"),
        /** The meetings on these dates end at another time. */
        DURATION("duration"),
        /** Where the group meets in person. */
        ADDRESS("address"),
        /** The link to join online. */
        MEETING_URL("meeting_url"),
        /** The phone number to join by. */
        MEETING_PHONE("meeting_phone"),
        /** The group does not meet until further notice (these meetings are off). */
        PAUSED("paused"),
        /** A paused group meets again. */
        RESUMED("resumed"),
        /** The group has ended (these meetings are off). */
        ARCHIVED("archived");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        @Override
        public String wire() {
            return wire;
        }

        public static Kind of(String wire) {
            return WireValue.of(values(), wire);
        }
    }

    public MeetingChange {
        dates = List.copyOf(dates);
    }

    /** As stored on a change and its notices: {@code cancelled:2026-12-22,2026-12-29}. */
    public String wire() {
        List<String> texts = new ArrayList<>(dates.size());
        dates.forEach(date -> texts.add(Schedule.dateText(date)));
        return kind.wire() + ":" + String.join(",", texts);
    }

    /**
     * Reads the stored form back.
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static MeetingChange parse(String wire) {
        int colon = wire == null ? -1 : wire.indexOf(':');
        Kind kind = colon < 0 ? null : Kind.of(wire.substring(0, colon));
        if (kind == null) {
            throw new IllegalArgumentException("not a meeting change");
        }
        List<LocalDate> dates = new ArrayList<>();
        String rest = wire.substring(colon + 1);
        if (!rest.isEmpty()) {
            for (String text : rest.split(",")) {
                dates.add(Schedule.date("dates", text));
            }
        }
        return new MeetingChange(kind, dates);
    }

    public static List<String> wire(List<MeetingChange> changes) {
        List<String> out = new ArrayList<>(changes.size());
        changes.forEach(change -> out.add(change.wire()));
        return out;
    }

    /** @throws IllegalArgumentException if any entry is not a meeting change */
    public static List<MeetingChange> parse(List<String> wire) {
        List<MeetingChange> out = new ArrayList<>(wire == null ? 0 : wire.size());
        if (wire != null) {
            wire.forEach(text -> out.add(parse(text)));
        }
        return out;
    }
}
