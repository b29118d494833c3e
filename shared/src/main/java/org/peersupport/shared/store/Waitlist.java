package org.peersupport.shared.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/**
 * What happens to a confirmed sign-up's place when the sign-up goes (withdrawn or erased): it goes
 * to the group's earliest live waitlisted sign-up, if the group is active, has a capacity and has
 * room once the place is freed; otherwise back to the group. The caller puts the returned items in
 * the same transaction as the delete, so the place and the waitlist change together or not at all.
 * Unconfirmed sign-ups are never on it: places and the waitlist begin at the confirm step.
 * Reads sign-ups' state only, never what a person wrote.
 */
public final class Waitlist {
    /** The state attributes read from sign-ups (no name, address or phone). */
    public static final String STATE = "pk, sk, signupId, #status, createdAt, expiresAt, messageCount";
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
        Map<String, AttributeValue> promoted = promotable(groupId, places, today, now);
        List<TransactWriteItem> items = new ArrayList<>(2);
        if (promoted == null) {
            items.add(places.release(expiresAt, today));
            return new FreedPlace(items, null);
        }
        items.addAll(promote(promoted, now));
        items.add(places.move(expiresAt, expiresAt(promoted), today));
        return new FreedPlace(items, text(promoted, "signupId"));
    }

    private Map<String, AttributeValue> promotable(String groupId, ConfirmedPlaces places, LocalDate today,
                                                   Instant now) {
        GroupItem group = groups.getItem(Key.builder().partitionValue(groupId).build());
        if (group == null || GroupItems.isArchived(group) || GroupStatus.of(group.status()) != GroupStatus.ACTIVE
                || group.capacity() == null || places.held(today) - 1 >= group.capacity()) {
            return null;
        }
        QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :signup)")
                .filterExpression("#status = :waitlisted AND expiresAt > :now")
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
     * Gives a waitlisted sign-up its place and queues its details email again ({@link MessageQueue}),
     * so the mailer tells them, with a new withdraw link, that they now have a place.
     */
    private List<TransactWriteItem> promote(Map<String, AttributeValue> signup, Instant now) {
        int read = MessageQueue.count(signup);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":confirmed", AttributeValue.fromS(SignupStatus.CONFIRMED.wire()));
        values.put(":waitlisted", AttributeValue.fromS(SignupStatus.WAITLISTED.wire()));
        values.put(":pendingStatus", AttributeValue.fromS(EmailStatus.PENDING.wire()));
        values.put(":now", epochSeconds(now));
        MessageQueue.countValues(values, read);
        TransactWriteItem update = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of("pk", signup.get("pk"), "sk", signup.get("sk")))
                .updateExpression("SET #status = :confirmed, emailStatus = :pendingStatus, " + MessageQueue.MESSAGE_COUNT
                        + " = :nextCount, lastDetailsAt = :now REMOVE emailError")
                .conditionExpression("#status = :waitlisted AND expiresAt > :now AND " + MessageQueue.countIs(read))
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)).build();
        String sk = text(signup, "sk");
        MessageItem message = MessageQueue.message(SignupKeys.groupId(text(signup, "pk")), SignupKeys.emailKeyOf(sk),
                text(signup, "signupId"), read, MessageKind.DETAILS, "place_opened", now, expiresAt(signup));
        return List.of(update, MessageQueue.put(table, message, now));
    }

    private static String order(Map<String, AttributeValue> signup) {
        return text(signup, "createdAt") + " " + text(signup, "sk");
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
            org.peersupport.shared.Log.error("signup.messages_not_deleted", e, "deleted", deleted);
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
