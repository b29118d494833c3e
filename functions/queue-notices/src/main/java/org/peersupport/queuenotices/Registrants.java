package org.peersupport.queuenotices;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.MessageQueue;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A group's registrants in the Signups table, as far as their notices go: their state (never a
 * name, address or phone: the role may read state attributes only), and the one transaction that
 * queues a message about an event for one of them, on condition that they are still there as read.
 * The message's key names the event, so queuing it again is refused by DynamoDB itself.
 */
final class Registrants {
    /** The attributes read: keys and state. */
    static final String STATE = "pk, sk, signupId, #status, expiresAt, confirmedAt, placedAt, reminder, bouncedAt";
    private static final Map<String, String> NAMES = Map.of("#status", "status");

    /** One registrant's state, as read. */
    record Registrant(String pk, String sk, String signupId, SignupStatus status, long expiresAt, String confirmedAt,
                      String placedAt) {
        String groupId() {
            return SignupKeys.groupId(pk);
        }

        String emailKey() {
            return SignupKeys.emailKeyOf(sk);
        }

        Map<String, AttributeValue> key() {
            return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
        }

        /** When they were given their place: at the confirm step, or when a place opened for them. */
        String placedSince() {
            return placedAt != null ? placedAt : confirmedAt;
        }
    }

    private final DynamoDbClient dynamoDb;
    private final String table;

    Registrants(DynamoDbClient dynamoDb, String signupsTable) {
        this.dynamoDb = dynamoDb;
        this.table = signupsTable;
    }

    /**
     * The group's live sign-ups in these states whose address has not bounced; {@code confirmedBy}
     * (a timestamp, or null) leaves out those who confirmed after it; {@code reminderUndecided}
     * leaves out those whose reminder is settled.
     */
    List<Registrant> live(String groupId, List<SignupStatus> statuses, Instant now, String confirmedBy,
                          boolean reminderUndecided) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", AttributeValue.fromS(SignupKeys.groupPk(groupId)));
        values.put(":signup", AttributeValue.fromS(SignupKeys.signupSkPrefix()));
        values.put(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
        List<String> placeholders = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            placeholders.add(":s" + i);
            values.put(":s" + i, AttributeValue.fromS(statuses.get(i).wire()));
        }
        StringBuilder filter = new StringBuilder("#status IN (" + String.join(", ", placeholders)
                + ") AND expiresAt > :now AND attribute_not_exists(bouncedAt)");
        if (confirmedBy != null) {
            filter.append(" AND (attribute_not_exists(confirmedAt) OR confirmedAt <= :confirmedBy)");
            values.put(":confirmedBy", AttributeValue.fromS(confirmedBy));
        }
        if (reminderUndecided) {
            filter.append(" AND attribute_not_exists(reminder)");
        }
        QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :signup)")
                .filterExpression(filter.toString())
                .projectionExpression(STATE)
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(values)
                .build();
        List<Registrant> out = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamoDb.queryPaginator(request).items()) {
            out.add(new Registrant(text(item, "pk"), text(item, "sk"), text(item, "signupId"),
                    SignupStatus.of(text(item, "status")), Long.parseLong(item.get("expiresAt").n()),
                    text(item, "confirmedAt"), text(item, "placedAt")));
        }
        return out;
    }

    /**
     * Queues {@code message} (keyed by its event) for a registrant still in one of {@code statuses}
     * and live, in one transaction with that check, and with {@code alsoOnSignup} ({@code SET ...}
     * on the sign-up, or null). False when it was queued before or the sign-up changed: either way
     * there is nothing more to do for them.
     */
    boolean queueOnce(Registrant who, List<SignupStatus> statuses, MessageItem message, Instant now,
                      String alsoOnSignup, Map<String, AttributeValue> alsoValues) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", AttributeValue.fromS(who.signupId()));
        values.put(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
        List<String> placeholders = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            placeholders.add(":s" + i);
            values.put(":s" + i, AttributeValue.fromS(statuses.get(i).wire()));
        }
        String condition = "signupId = :id AND #status IN (" + String.join(", ", placeholders)
                + ") AND expiresAt > :now AND attribute_not_exists(bouncedAt)";
        TransactWriteItem check;
        if (alsoOnSignup == null) {
            check = TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(who.key())
                    .conditionExpression(condition).expressionAttributeNames(NAMES)
                    .expressionAttributeValues(values)).build();
        } else {
            values.putAll(alsoValues);
            check = TransactWriteItem.builder().update(u -> u.tableName(table).key(who.key())
                    .updateExpression(alsoOnSignup).conditionExpression(condition)
                    .expressionAttributeNames(NAMES).expressionAttributeValues(values)).build();
        }
        try {
            dynamoDb.transactWriteItems(r -> r.transactItems(check, MessageQueue.putOnce(table, message)));
            return true;
        } catch (TransactionCanceledException queuedBeforeOrChanged) {
            return false;
        }
    }

    /** Notes on a confirmed sign-up that its reminder is settled without a message ({@code none}, {@code missed}). */
    boolean settleReminder(Registrant who, String outcome, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", AttributeValue.fromS(who.signupId()));
        values.put(":outcome", AttributeValue.fromS(outcome));
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(who.key())
                    .updateExpression("SET reminder = :outcome")
                    .conditionExpression("signupId = :id AND attribute_not_exists(reminder)")
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    /** A message about {@code event} for one registrant. */
    static MessageItem.Builder message(Registrant who, String event, MessageKind kind,
                                       String cause, Instant now) {
        return MessageQueue.eventMessage(who.groupId(), who.emailKey(), who.signupId(), event, kind, cause, now,
                who.expiresAt()).toBuilder();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }
}
