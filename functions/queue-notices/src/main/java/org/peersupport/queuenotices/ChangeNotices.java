package org.peersupport.queuenotices;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.MeetingDetails;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.notices.MeetingChange;
import org.peersupport.shared.notices.MeetingChanges;
import org.peersupport.shared.schedule.Schedule;
import org.peersupport.shared.store.GroupChangeItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.Waitlist;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * What a recorded change ({@link GroupChangeItem}) means for the people signed up: every
 * confirmed or waitlisted registrant of each group it touches is queued one change notice, keyed by
 * the change, so handling the same change again (a retried batch, the scheduled run) queues nothing
 * more; a change that may have opened places gives them to the people waiting ({@link Waitlist#fill}).
 * A closure concerns the groups that meet that day, worked out here from every group's schedule
 * as the change was made. The change is then marked handled.
 */
final class ChangeNotices {
    /** Handling a change that failed this often is left to staff (it stays in the table, logged). */
    static final int MAX_ATTEMPTS = 10;
    /** The scheduled run leaves changes younger than this to the stream. */
    static final Duration STREAM_FIRST = Duration.ofMinutes(2);
    private static final List<SignupStatus> REGISTERED = List.of(SignupStatus.CONFIRMED, SignupStatus.WAITLISTED);

    /** What handling one change did. */
    record Handled(boolean handledNow, int groups, int notices, int placesGiven) {
    }

    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<GroupChangeItem> changes;
    private final GroupBook book;
    private final Registrants registrants;
    private final Waitlist waitlist;
    private final ZoneId orgZone;

    ChangeNotices(DynamoDbClient dynamoDb, DynamoDbTable<GroupChangeItem> changes, GroupBook book,
                  Registrants registrants, Waitlist waitlist, ZoneId orgZone) {
        this.dynamoDb = dynamoDb;
        this.changes = changes;
        this.book = book;
        this.registrants = registrants;
        this.waitlist = waitlist;
        this.orgZone = orgZone;
    }

    /**
     * Handles the change with this id, if it is there and not handled yet; {@code now} is the time
     * against which sign-ups are live. A failure is counted on the change and thrown.
     */
    Handled handle(String changeId, Instant now) {
        GroupChangeItem change = changes.getItem(r -> r.key(Key.builder().partitionValue(changeId).build())
                .consistentRead(true));
        if (change == null || change.handledAt() != null) {
            return new Handled(false, 0, 0, 0);
        }
        try {
            Handled handled = change.isClosure() ? closure(change, now) : group(change, now);
            markHandled(change, now, handled.notices());
            Log.info("notices.change_handled", "changeId", changeId, "groupId", change.groupId(),
                    "groups", handled.groups(), "notices", handled.notices(), "placesGiven", handled.placesGiven());
            return handled;
        } catch (RuntimeException e) {
            countAttempt(change);
            throw e;
        }
    }

    /** Changes not handled yet, older than {@link #STREAM_FIRST} at {@code now}, not given up on. */
    List<String> pending(Instant now) {
        String cutoff = SignupItem.timestamp(now.minus(STREAM_FIRST));
        Expression filter = Expression.builder()
                .expression("attribute_not_exists(handledAt) AND createdAt <= :cutoff"
                        + " AND (attribute_not_exists(attempts) OR attempts < :max)")
                .putExpressionValue(":cutoff", AttributeValue.fromS(cutoff))
                .putExpressionValue(":max", AttributeValue.fromN(Integer.toString(MAX_ATTEMPTS)))
                .build();
        List<GroupChangeItem> found = new ArrayList<>();
        changes.scan(r -> r.filterExpression(filter).consistentRead(true)).items().forEach(found::add);
        found.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        List<String> ids = new ArrayList<>(found.size());
        found.forEach(c -> ids.add(c.changeId()));
        return ids;
    }

    private Handled group(GroupChangeItem change, Instant now) {
        List<MeetingChange> what = MeetingChange.parse(change.changes());
        int notices = what.isEmpty() ? 0 : notify(change, change.groupId(), what, now);
        int given = Boolean.TRUE.equals(change.placesMayOpen()) ? waitlist.fill(change.groupId(), now).size() : 0;
        return new Handled(true, what.isEmpty() ? 0 : 1, notices, given);
    }

    /** Every group that meets on the closure's date (in the four weeks from the change) is told. */
    private Handled closure(GroupChangeItem change, Instant now) {
        LocalDate date = Schedule.date("closureDate", change.closureDate());
        Set<LocalDate> current = book.closures();
        Set<LocalDate> without = new HashSet<>(current);
        without.remove(date);
        Set<LocalDate> with = new HashSet<>(current);
        with.add(date);
        boolean closed = Boolean.TRUE.equals(change.closed());
        int groups = 0;
        int notices = 0;
        for (GroupBook.Listed group : book.all()) {
            MeetingChanges.Snapshot snapshot = new MeetingChanges.Snapshot(group.listing().schedule(),
                    group.listing().status(), group.archived(), group.listing().format(), MeetingDetails.NONE, Set.of());
            List<MeetingChange> what = MeetingChanges.between(snapshot.withClosures(closed ? without : with),
                    snapshot.withClosures(closed ? with : without), change.createdInstant(), orgZone);
            if (!what.isEmpty()) {
                groups++;
                notices += notify(change, group.listing().id(), what, now);
            }
        }
        return new Handled(true, groups, notices, 0);
    }

    /** One notice for each registrant of the group who had confirmed by the time of the change. */
    private int notify(GroupChangeItem change, String groupId, List<MeetingChange> what, Instant now) {
        int queued = 0;
        List<String> wire = MeetingChange.wire(what);
        for (Registrants.Registrant who : registrants.live(groupId, REGISTERED, now, change.createdAt(), false)) {
            var message = Registrants.message(who, "C-" + change.changeId(), MessageKind.CHANGE_NOTICE,
                    change.changeId(), now).changes(wire).build();
            if (registrants.queueOnce(who, REGISTERED, message, now, null, null)) {
                queued++;
            }
        }
        return queued;
    }

    private void markHandled(GroupChangeItem change, Instant now, int notices) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":at", AttributeValue.fromS(SignupItem.timestamp(now)));
        values.put(":n", AttributeValue.fromN(Integer.toString(notices)));
        try {
            dynamoDb.updateItem(r -> r.tableName(changes.tableName())
                    .key(Map.of("changeId", AttributeValue.fromS(change.changeId())))
                    .updateExpression("SET handledAt = :at, notices = :n")
                    .conditionExpression("attribute_exists(changeId) AND attribute_not_exists(handledAt)")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException handledMeanwhile) {
            // another run got there first; its notices and these are the same ones
        }
    }

    private void countAttempt(GroupChangeItem change) {
        try {
            dynamoDb.updateItem(r -> r.tableName(changes.tableName())
                    .key(Map.of("changeId", AttributeValue.fromS(change.changeId())))
                    .updateExpression("ADD attempts :one")
                    .conditionExpression("attribute_exists(changeId)")
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        } catch (RuntimeException e) {
            Log.error("notices.attempt_not_counted", e, "changeId", change.changeId());
        }
    }
}
