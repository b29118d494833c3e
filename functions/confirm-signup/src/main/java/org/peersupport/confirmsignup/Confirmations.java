package org.peersupport.confirmsignup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.ConfirmedPlaces;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.GroupItems;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.MessageQueue;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The confirm step. A confirm link's token is found through its message's hash (the ByConfirmToken
 * index: only the hash is stored), and leads to the sign-up it was sent for. Confirming it is one
 * transaction: the sign-up becomes {@code confirmed} if the group has a place (or {@code
 * waitlisted}), keeps its data for the retention period from its request, the group's places move
 * with it ({@link ConfirmedPlaces}), and its details email is queued ({@link MessageQueue}). The
 * sign-up's condition ({@code unconfirmed}, unchanged since read) makes it happen once: the same
 * token again finds it confirmed and answers with where it stands, sending nothing. Reads state
 * only (and the sign-up's language, for the page), never what a person wrote.
 */
final class Confirmations {
    static final int MAX_ATTEMPTS = 8;
    private static final String MESSAGE_STATE = "pk, sk, kind, signupSk, signupId, expiresAt, confirmTokenHash";
    private static final String SIGNUP_STATE = "signupId, #status, createdAt, expiresAt, messageCount, #language";
    private static final Map<String, String> SIGNUP_NAMES = Map.of("#status", "status", "#language", "language");

    /** A live sign-up a token leads to, as read. */
    record Found(String groupId, Map<String, AttributeValue> signupKey, Map<String, AttributeValue> state) {
        SignupStatus status() {
            return SignupStatus.of(text(state, "status"));
        }

        String language() {
            return text(state, "language");
        }
    }

    /** What a confirmation came to; {@code status} and {@code groupName} when it was {@code DONE}. */
    record Result(Outcome outcome, SignupStatus status, String groupName) {
    }

    enum Outcome {
        /** Confirmed or waitlisted, now or before. */
        DONE,
        /** Unknown, expired or not a confirm link. */
        NOT_FOUND,
        /** The group is paused or archived: nothing changed. */
        CLOSED
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DynamoDbTable<GroupItem> groups;
    private final Duration retention;
    private final Clock clock;

    Confirmations(DynamoDbClient dynamoDb, String signupsTable, DynamoDbTable<GroupItem> groups, int retentionDays,
                  Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = signupsTable;
        this.groups = groups;
        this.retention = Duration.ofDays(retentionDays);
        this.clock = clock;
    }

    /** The live sign-up the token was sent for, or null: unknown, expired, not a confirm link. */
    Found find(String token) {
        String hash = PersonalKeys.tokenHash(token);
        long now = clock.instant().getEpochSecond();
        List<Map<String, AttributeValue>> keys = dynamoDb.query(r -> r.tableName(table)
                .indexName(SignupKeys.BY_CONFIRM_TOKEN)
                .keyConditionExpression("confirmTokenHash = :h")
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(hash)))
                .limit(2)).items();
        for (Map<String, AttributeValue> key : keys) {
            Map<String, AttributeValue> message = dynamoDb.getItem(r -> r.tableName(table)
                    .key(Map.of("pk", key.get("pk"), "sk", key.get("sk"))).consistentRead(true)
                    .projectionExpression(MESSAGE_STATE)).item();
            if (message == null || message.isEmpty() || !hash.equals(text(message, "confirmTokenHash"))
                    || MessageKind.of(text(message, "kind")) != MessageKind.CONFIRM_REQUEST
                    || epochSeconds(message, "expiresAt") <= now || text(message, "signupSk") == null) {
                continue;
            }
            Map<String, AttributeValue> signupKey = Map.of("pk", message.get("pk"), "sk", message.get("signupSk"));
            Map<String, AttributeValue> signup = dynamoDb.getItem(r -> r.tableName(table).key(signupKey)
                    .consistentRead(true).projectionExpression(SIGNUP_STATE)
                    .expressionAttributeNames(SIGNUP_NAMES)).item();
            // A later sign-up for the same address (the first expired) is not this link's.
            if (signup == null || signup.isEmpty() || epochSeconds(signup, "expiresAt") <= now
                    || !java.util.Objects.equals(text(message, "signupId"), text(signup, "signupId"))
                    || SignupStatus.of(text(signup, "status")) == null) {
                continue;
            }
            return new Found(SignupKeys.groupId(text(message, "pk")), signupKey, signup);
        }
        Log.info("confirm.not_found", "indexed", keys.size());
        return null;
    }

    /** The group as the pages name it, or null when it is gone. */
    GroupItem group(String groupId) {
        return groups.getItem(r -> r.key(Key.builder().partitionValue(groupId).build()).consistentRead(true));
    }

    static boolean isOpen(GroupItem group) {
        GroupStatus status = group == null ? null : GroupStatus.of(group.status());
        return group != null && !GroupItems.isArchived(group) && (status == GroupStatus.ACTIVE || status == GroupStatus.FULL);
    }

    Result confirm(String token) {
        TransactionCanceledException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Found found = find(token);
            if (found == null) {
                return new Result(Outcome.NOT_FOUND, null, null);
            }
            GroupItem group = group(found.groupId());
            if (found.status() != SignupStatus.UNCONFIRMED) {
                return new Result(Outcome.DONE, found.status(), group == null ? "" : group.name());
            }
            if (!isOpen(group)) {
                Log.info("confirm.group_closed", "groupId", found.groupId());
                return new Result(Outcome.CLOSED, null, null);
            }
            Instant now = clock.instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            long expiresAt = Instant.parse(text(found.state(), "createdAt")).plus(retention).getEpochSecond();
            // A group staff have marked full waitlists everyone; otherwise the places decide.
            ConfirmedPlaces places = GroupStatus.of(group.status()) == GroupStatus.FULL ? null
                    : ConfirmedPlaces.read(dynamoDb, table, found.groupId());
            boolean placed = places != null && (group.capacity() == null || places.held(today) < group.capacity());
            SignupStatus status = placed ? SignupStatus.CONFIRMED : SignupStatus.WAITLISTED;
            int read = MessageQueue.count(found.state());
            List<TransactWriteItem> items = new ArrayList<>(3);
            items.add(settle(found, status, read, expiresAt, now));
            MessageItem details = MessageQueue.message(found.groupId(), SignupKeys.emailKeyOf(text(found.signupKey(), "sk")),
                    text(found.state(), "signupId"), read, MessageKind.DETAILS, "confirmed", now, expiresAt);
            items.add(MessageQueue.put(table, details, now));
            if (places != null) {
                // A waitlisted sign-up moves only the version, so a withdrawal racing it sees it.
                items.add(placed ? places.claim(expiresAt, today) : places.keep(today));
            }
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items).clientRequestToken(UUID.randomUUID().toString()));
                Log.info("confirm.done", "groupId", found.groupId(), "signupId", text(found.state(), "signupId"),
                        "status", status.wire());
                return new Result(Outcome.DONE, status, group.name());
            } catch (TransactionCanceledException e) {
                // Confirmed by another click, or the places changed, meanwhile: read again.
                List<CancellationReason> reasons = e.cancellationReasons();
                boolean conflict = reasons != null && reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                boolean changed = reasons != null && reasons.stream().anyMatch(r -> "ConditionalCheckFailed".equals(r.code()));
                if (!conflict && !changed) {
                    throw e;
                }
                last = e;
                if (conflict) {
                    pause(attempt);
                }
            }
        }
        throw last;
    }

    /** The sign-up confirmed or waitlisted, kept for the retention period, its details email counted. */
    private TransactWriteItem settle(Found found, SignupStatus status, int read, long expiresAt, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", AttributeValue.fromS(status.wire()));
        values.put(":unconfirmed", AttributeValue.fromS(SignupStatus.UNCONFIRMED.wire()));
        values.put(":confirmedAt", AttributeValue.fromS(SignupItem.timestamp(now)));
        values.put(":expires", AttributeValue.fromN(Long.toString(expiresAt)));
        values.put(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
        values.put(":pending", AttributeValue.fromS(EmailStatus.PENDING.wire()));
        MessageQueue.countValues(values, read);
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(found.signupKey())
                .updateExpression("SET #status = :status, confirmedAt = :confirmedAt, expiresAt = :expires, "
                        + MessageQueue.MESSAGE_COUNT + " = :nextCount, lastDetailsAt = :now, emailStatus = :pending")
                .conditionExpression("#status = :unconfirmed AND expiresAt > :now AND " + MessageQueue.countIs(read))
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)).build();
    }

    static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long epochSeconds(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? Long.MAX_VALUE : Long.parseLong(value.n());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
