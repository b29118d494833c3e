package org.peersupport.queuenotices;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.shared.schedule.Schedule;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One reminder per sign-up, before the first meeting after it was given its place (at the confirm
 * step, or later from the waiting list), due from 24 hours before that meeting's start. None when
 * that meeting starts less than 24 hours after the place was given: the details email has just
 * gone. None either when the meeting has begun before a run saw it due (a sign-up from before
 * reminders, or a long outage): a reminder after the fact helps nobody.
 *
 * <p>"Now" is the time of the scheduled event, so a run can be played for any moment. What a
 * sign-up's reminder came to is noted on it ({@code reminder}), in the same transaction as its
 * message when there is one, whose key is the sign-up's reminder event: two runs at once, or the
 * same run again, queue one.
 */
final class Reminders {
    static final Duration DUE_BEFORE = Duration.ofHours(24);
    static final String EVENT = "R";
    private static final List<SignupStatus> PLACED = List.of(SignupStatus.CONFIRMED);

    /** What a run did. */
    record Run(int queued, int none, int missed, boolean finished) {
    }

    private final GroupBook book;
    private final Registrants registrants;
    private final ZoneId orgZone;

    Reminders(GroupBook book, Registrants registrants, ZoneId orgZone) {
        this.book = book;
        this.registrants = registrants;
        this.orgZone = orgZone;
    }

    /** Queues every reminder due at {@code now}; stops early (unfinished) when {@code lowOnTime} says so. */
    Run run(Instant now, BooleanSupplier lowOnTime) {
        Set<LocalDate> closures = book.closures();
        int queued = 0;
        int none = 0;
        int missed = 0;
        for (GroupBook.Listed group : book.all()) {
            // An archived or paused group has no meeting to remind of; its registrants were told so.
            if (group.archived() || group.listing().status() == GroupStatus.PAUSED) {
                continue;
            }
            if (lowOnTime.getAsBoolean()) {
                return new Run(queued, none, missed, false);
            }
            Schedule schedule = group.listing().schedule();
            for (Registrants.Registrant who : registrants.live(group.listing().id(), PLACED, now, null, true)) {
                String since = who.placedSince();
                Meeting first = since == null ? null : firstMeetingAfter(schedule, Instant.parse(since), closures);
                if (first == null) {
                    continue; // nothing scheduled yet: asked again on the next run
                }
                Instant start = first.start().toInstant();
                if (Duration.between(Instant.parse(since), start).compareTo(DUE_BEFORE) < 0) {
                    none += registrants.settleReminder(who, "none", now) ? 1 : 0;
                } else if (!now.isBefore(start)) {
                    missed += registrants.settleReminder(who, "missed", now) ? 1 : 0;
                } else if (!now.isBefore(start.minus(DUE_BEFORE))) {
                    var message = Registrants.message(who, EVENT, MessageKind.REMINDER, "reminder", now)
                            .meetingStart(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(first.start())).build();
                    if (registrants.queueOnce(who, PLACED, message, now, "SET reminder = :queued",
                            Map.of(":queued", AttributeValue.fromS("queued")))) {
                        queued++;
                        Log.info("notices.reminder_queued", "groupId", who.groupId(), "signupId", who.signupId());
                    }
                }
            }
        }
        return new Run(queued, none, missed, true);
    }

    /** The first meeting that starts after {@code since}, skipping exdates and closures. */
    Meeting firstMeetingAfter(Schedule schedule, Instant since, Set<LocalDate> closures) {
        for (Meeting meeting : schedule.nextMeetings(since, 2, closures, orgZone)) {
            if (meeting.start().toInstant().isAfter(since)) {
                return meeting;
            }
        }
        return null;
    }
}
