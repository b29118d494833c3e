package org.peersupport.shared.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.peersupport.shared.model.Audience;
import org.peersupport.shared.model.Format;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.model.MeetingDetails;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.shared.model.SignupRules;
import org.peersupport.shared.schedule.Schedule;

/** Maps groups to their items and back. Reading re-validates, so a bad item is refused, not misread. */
public final class GroupItems {
    private GroupItems() {
    }

    public static GroupItem toItem(Group group) {
        PublicGroup g = group.listing();
        Schedule s = g.schedule();
        List<String> exdates = new ArrayList<>(s.exdates().size());
        for (LocalDate date : s.exdates()) {
            exdates.add(Schedule.dateText(date));
        }
        return GroupItem.builder()
                .id(g.id()).name(g.name()).program(g.program()).audience(g.audience().wire())
                .description(g.description()).languages(g.languages()).format(g.format().wire()).area(g.area())
                .accessibility(g.accessibility()).timezone(s.timezone().getId()).rrule(s.rule().toString())
                .startDate(s.startDateText()).startTime(s.startTimeText()).durationMinutes(s.durationMinutes())
                .exdates(exdates).status(g.status().wire()).archived(group.archived())
                .capacity(group.signupRules().capacity())
                .requiresEmergencyContact(g.requiresEmergencyContact())
                .updatedAt(g.updatedAt().toString())
                .lastVerified(g.lastVerified() == null ? null : Schedule.dateText(g.lastVerified()))
                .build();
    }

    /** The MeetingDetails table's item: where and how the group meets, and who runs it. */
    public static MeetingDetailsItem toDetailsItem(Group group) {
        MeetingDetails d = group.meetingDetails();
        return new MeetingDetailsItem(group.id(), d.address(), d.meetingUrl(), d.meetingPhone(), d.facilitatorName(),
                d.facilitatorEmail(), d.notesForRegistrants(), group.facilitatorUsernames());
    }

    /**
     * The public view of an item.
     *
     * @throws IllegalArgumentException if the item does not hold a valid group
     */
    public static PublicGroup toPublic(GroupItem item) {
        Audience audience = Audience.of(item.audience());
        Format format = Format.of(item.format());
        GroupStatus status = GroupStatus.of(item.status());
        if (item.id() == null || item.name() == null || audience == null || format == null || status == null) {
            throw new IllegalArgumentException("group item is incomplete");
        }
        Schedule schedule = Schedule.parse(item.timezone(), item.rrule(), item.startDate(), item.startTime(),
                item.durationMinutes(), item.exdates());
        Instant updatedAt;
        try {
            updatedAt = Instant.parse(item.updatedAt());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("group item has no valid updatedAt", e);
        }
        // Items written before groups had lastVerified have none: never checked.
        LocalDate lastVerified = item.lastVerified() == null ? null : Schedule.date("lastVerified", item.lastVerified());
        return new PublicGroup(item.id(), item.name(), item.program(), audience,
                item.description() == null ? "" : item.description(), item.languages(), format, item.area(),
                item.accessibility(), schedule, status, updatedAt, lastVerified,
                Boolean.TRUE.equals(item.requiresEmergencyContact()));
    }

    public static SignupRules toSignupRules(GroupItem item) {
        return new SignupRules(item.capacity());
    }

    public static MeetingDetails toMeetingDetails(MeetingDetailsItem item) {
        if (item == null) {
            return MeetingDetails.NONE;
        }
        return new MeetingDetails(item.address(), item.meetingUrl(), item.meetingPhone(), item.facilitatorName(),
                item.facilitatorEmail(), item.notesForRegistrants());
    }

    /** The staff accounts that run the group (none when it has no details item yet). */
    public static List<String> facilitatorUsernames(MeetingDetailsItem item) {
        return item == null ? List.of() : item.facilitatorUsernames();
    }

    public static boolean isArchived(GroupItem item) {
        return Boolean.TRUE.equals(item.archived());
    }
}
