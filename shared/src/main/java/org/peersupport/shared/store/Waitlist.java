package org.peersupport.shared.store;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.model.SignupStatus;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * What happens to a confirmed sign-up's place when the sign-up goes (withdrawn, erased, complained
 * about): it goes to the group's earliest live waitlisted sign-up, if the group is active, has a
 * capacity and has room once the place is freed; otherwise back to the group. The caller puts the
 * returned items in the same transaction as the delete, so the place and the waitlist change
 * together or not at all. When staff raise a capacity (or let a full group take people again),
 * {@link #fill} gives the new room to the people waiting, one transaction each. Whoever is given a
 * place is sent a place-opened notice, queued in the same transaction as the place. Unconfirmed
 * sign-ups are never on it: places and the waitlist begin at the confirm step; nor is an address
 * that bounced, which could not be told. Reads sign-ups' state only, never what a person wrote.
 */
public final class Waitlist {
    /** The state attributes read from sign-ups (no name, address or phone). */
    public static final String STATE = "pk, sk, signupId, #status, createdAt, expiresAt, messageCount";
    /** Places {@link #fill} gives out in one run at most; the next change gives the rest. */
    static final int MAX_FILLED = 100;
    private static final int MAX_ATTEMPTS = 8;
    public static final Map<String, String> STATE_NAMES = Map.of("#status", "status");

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DynamoDbTable<GroupItem> groups;

    public Waitlist(DynamoDbClient dynamoDb, String signupsTable, DynamoDbTable<GroupItem> groups) {
        this.dynamoDb = dynamoDb;
        this.table = signupsTable;
        this.groups = groups;
    }

    /** The transaction items that free a place, and whom it went to (a signupId, or null). */
    public record FreedPlace(List<TransactWriteItem> items, String promotedSignupId) {
    }

    /** Frees the place of a confirmed sign-up of {@code groupId} that would expire at {@code expiresAt}. */
    public FreedPlace freePlace(String groupId, long expiresAt, LocalDate today, Instant now) {
        ConfirmedPlaces places = ConfirmedPlaces.read(dynamoDb, table, groupId);
        GroupItem group = groups.getItem(Key.builder().partitionValue(groupId).build());
        // An unlimited group has room for everyone, so nobody waits for this place.
        boolean room = isOpen(group) && group.capacity() != null && places.held(today) - 1 < group.capacity();
        Map<String, AttributeValue> promoted = room ? firstWaiting(groupId, now) : null;
        List<TransactWriteItem> items = new ArrayList<>(2);
        if (promoted == null) {
            items.add(places.release(expiresAt, today));
            return new FreedPlace(items, null);
        }
        items.addAll(promote(promoted, now));
        items.add(places.move(expiresAt, expiresAt(promoted), today));
        return new FreedPlace(items, text(promoted, "signupId"));
    }

    /**
     * Gives the group's room, if it has any now, to the people waiting, earliest first, each in a
     * transaction of their own with their place and their notice. Returns the sign-ups given a place.
     */
    public List<String> fill(String groupId, Instant now) {
        List<String> promoted = new ArrayList<>();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int conflicts = 0;
        while (promoted.size() < MAX_FILLED) {
            ConfirmedPlaces places = ConfirmedPlaces.read(dynamoDb, table, groupId);
            GroupItem group = groups.getItem(r -> r.key(Key.builder().partitionValue(groupId).build()).consistentRead(true));
            if (!isOpen(group) || (group.capacity() != null && places.held(today) >= group.capacity())) {
                return promoted;
            }
            Map<String, AttributeValue> next = firstWaiting(groupId, now);
            if (next == null) {
                return promoted;
            }
            List<TransactWriteItem> items = new ArrayList<>(promote(next, now));
            items.add(places.claim(expiresAt(next), today));
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items));
                promoted.add(text(next, "signupId"));
            } catch (TransactionCanceledException changed) {
                // A withdrawal or confirmation moved the places, or this person changed: read again.
                if (++conflicts >= MAX_ATTEMPTS) {
                    throw changed;
                }
            }
        }
        return promoted;
    }

    private static boolean isOpen(GroupItem group) {
        return group != null && !GroupItems.isArchived(group) && GroupStatus.of(group.status()) == GroupStatus.ACTIVE;
    }

    private Map<String, AttributeValue> firstWaiting(String groupId, Instant now) {
        QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :signup)")
                .filterExpression("#status = :waitlisted AND expiresAt > :now AND attribute_not_exists(bouncedAt)")
                .projectionExpression(STATE)
                .expressionAttributeNames(new HashMap<>(STATE_NAMES))
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(SignupKeys.groupPk(groupId)),
                        ":signup", AttributeValue.fromS(SignupKeys.signupSkPrefix()),
                        ":waitlisted", AttributeValue.fromS(SignupStatus.WAITLISTED.wire()),
                        ":now", epochSeconds(now)))
                .build();
        Map<String, AttributeValue> first = null;
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(request).items()) {
            if (first == null || order(item).compareTo(order(first)) < 0) {
                first = item;
            }
        }
        return first;
    }

    /**
     * Gives a waitlisted sign-up its place and queues its place-opened notice ({@link MessageQueue}),
     * so the mailer tells them, with the details and a new withdraw link, that they now have a place.
     */
    private List<TransactWriteItem> promote(Map<String, AttributeValue> signup, Instant now) {
        int read = MessageQueue.count(signup);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":confirmed", AttributeValue.fromS(SignupStatus.CONFIRMED.wire()));
        values.put(":waitlisted", AttributeValue.fromS(SignupStatus.WAITLISTED.wire()));
        values.put(":pendingStatus", AttributeValue.fromS(EmailStatus.PENDING.wire()));
        values.put(":now", epochSeconds(now));
        values.put(":placedAt", AttributeValue.fromS(SignupItem.timestamp(now)));
        MessageQueue.countValues(values, read);
        TransactWriteItem update = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of("pk", signup.get("pk"), "sk", signup.get("sk")))
                .updateExpression("SET #status = :confirmed, emailStatus = :pendingStatus, " + MessageQueue.MESSAGE_COUNT
                        + " = :nextCount, lastDetailsAt = :now, placedAt = :placedAt REMOVE emailError")
                .conditionExpression("#status = :waitlisted AND expiresAt > :now AND " + MessageQueue.countIs(read))
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)).build();
        String sk = text(signup, "sk");
        MessageItem message = MessageQueue.message(SignupKeys.groupId(text(signup, "pk")), SignupKeys.emailKeyOf(sk),
                text(signup, "signupId"), read, MessageKind.PLACE_OPENED, "place_opened", now, expiresAt(signup));
        return List.of(update, MessageQueue.put(table, message, now));
    }

    private static String order(Map<String, AttributeValue> signup) {
        return text(signup, "createdAt") + " " + text(signup, "sk");
    }

    /**
     * Deletes a sign-up as an erasure or a complaint does: in one transaction with its place, which
     * goes to the first person waiting ({@link #freePlace}) or back, the sign-up conditioned on the
     * state just read so its place is freed exactly once; then its messages. Read again and retried
     * when the sign-up or the places change meanwhile.
     *
     * @return whether it was there to delete, and whom its place went to
     */
    public Deleted delete(Map<String, AttributeValue> signupKey, Clock clock) {
        String groupId = SignupKeys.groupId(signupKey.get("pk").s());
        for (int attempt = 1; attempt <= 3; attempt++) {
            Instant now = clock.instant();
            Map<String, AttributeValue> current = dynamoDb.getItem(g -> g.tableName(table).key(signupKey)
                    .consistentRead(true).projectionExpression("#status, expiresAt")
                    .expressionAttributeNames(Map.of("#status", "status"))).item();
            if (current == null || current.isEmpty()) {
                deleteMessages(dynamoDb, table, signupKey); // any left from before
                return new Deleted(false, null);
            }
            AttributeValue status = current.get("status");
            boolean confirmed = status != null && SignupStatus.CONFIRMED.wire().equals(status.s());
            List<TransactWriteItem> items = new ArrayList<>();
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(signupKey)
                    .conditionExpression(status == null ? "attribute_exists(pk) AND attribute_not_exists(#status)"
                            : "#status = :status")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(status == null ? null : Map.of(":status", status))).build());
            String promoted = null;
            if (confirmed) {
                FreedPlace freed = freePlace(groupId, expiresAt(current), LocalDate.ofInstant(now, ZoneOffset.UTC), now);
                items.addAll(freed.items());
                promoted = freed.promotedSignupId();
            }
            try {
                dynamoDb.transactWriteItems(t -> t.transactItems(items));
                deleteMessages(dynamoDb, table, signupKey);
                return new Deleted(true, promoted);
            } catch (TransactionCanceledException changedMeanwhile) {
                Log.warn("signup.delete_retrying", "attempt", attempt);
            }
        }
        throw new IllegalStateException("sign-up kept changing while being deleted");
    }

    /** What {@link #delete} did. */
    public record Deleted(boolean deleted, String promotedSignupId) {
    }

    /**
     * Deletes every message of the sign-up whose key this is, once the sign-up itself is gone (a
     * message without its sign-up is never sent; this keeps nothing for it either). Best effort:
     * whatever is left holds no personal data and expires with TTL. Returns how many went.
     */
    public static int deleteMessages(DynamoDbClient dynamoDb, String table, Map<String, AttributeValue> signupKey) {
        String prefix = SignupKeys.messageSkPrefix(SignupKeys.emailKeyOf(signupKey.get("sk").s()));
        int deleted = 0;
        try {
            for (Map<String, AttributeValue> message : dynamoDb.queryPaginator(q -> q.tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                    .projectionExpression("pk, sk")
                    .expressionAttributeValues(Map.of(":pk", signupKey.get("pk"), ":prefix", AttributeValue.fromS(prefix))))
                    .items()) {
                dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of("pk", message.get("pk"), "sk", message.get("sk"))));
                deleted++;
            }
        } catch (RuntimeException e) {
            Log.error("signup.messages_not_deleted", e, "deleted", deleted);
        }
        return deleted;
    }

    public static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** A sign-up's expiresAt (epoch seconds); none counts as never. */
    public static long expiresAt(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("expiresAt");
        return value == null || value.n() == null ? Long.MAX_VALUE : Long.parseLong(value.n());
    }

    public static AttributeValue epochSeconds(Instant now) {
        return AttributeValue.fromN(Long.toString(now.getEpochSecond()));
    }
}
