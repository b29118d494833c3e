package org.peersupport.withdrawsignup;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.ConfirmedPlaces;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.GroupItems;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Withdraws the sign-up a token belongs to. Only the token's hash is stored; it finds the sign-up
 * through the ByWithdrawToken index, then deletes it in a transaction whose condition is that hash
 * (so a token works once) and that gives the sign-up's place, if it had one, to the first
 * waitlisted sign-up of the group, or back to the group. It reads sign-ups' state only: never a
 * name, address or phone number.
 */
final class Withdrawals {
    static final int MAX_ATTEMPTS = 8;
    private static final String STATE = "pk, sk, signupId, #status, createdAt, expiresAt, withdrawTokenHash";
    private static final Map<String, String> STATE_NAMES = Map.of("#status", "status");

    /** What became of a withdrawal; {@code NOT_FOUND} covers unknown, used and expired tokens alike. */
    enum Result {
        WITHDRAWN, NOT_FOUND
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final DynamoDbTable<GroupItem> groups;
    private final Clock clock;

    Withdrawals(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String signupsTable, String groupsTable,
                Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = signupsTable;
        this.groups = enhanced.table(groupsTable, GroupItem.SCHEMA);
        this.clock = clock;
    }

    Result withdraw(String token) {
        String hash = PersonalKeys.tokenHash(token);
        List<Map<String, AttributeValue>> keys = dynamoDb.query(r -> r.tableName(table)
                .indexName(SignupKeys.BY_WITHDRAW_TOKEN)
                .keyConditionExpression("withdrawTokenHash = :h")
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(hash)))
                .limit(2)).items();
        for (Map<String, AttributeValue> key : keys) {
            if (withdraw(Map.of("pk", key.get("pk"), "sk", key.get("sk")), hash)) {
                return Result.WITHDRAWN;
            }
        }
        Log.info("withdraw.not_found", "indexed", keys.size());
        return Result.NOT_FOUND;
    }

    /** True when this sign-up was withdrawn now; false when it is gone, used or expired. */
    private boolean withdraw(Map<String, AttributeValue> key, String hash) {
        TransactionCanceledException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            Map<String, AttributeValue> signup = dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true)
                    .projectionExpression(STATE).expressionAttributeNames(STATE_NAMES)).item();
            if (signup == null || signup.isEmpty() || !hash.equals(text(signup, "withdrawTokenHash"))
                    || expiresAt(signup) <= now.getEpochSecond()) {
                // Expired sign-ups wait for TTL; they are never withdrawn, shown or counted.
                return false;
            }
            String groupId = text(signup, "pk").substring(SignupKeys.groupPk("").length());
            boolean confirmed = SignupStatus.CONFIRMED.wire().equals(text(signup, "status"));
            List<TransactWriteItem> items = new ArrayList<>(3);
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)
                    .conditionExpression("withdrawTokenHash = :h AND expiresAt > :now")
                    .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(hash), ":now", now(now)))).build());
            Map<String, AttributeValue> promoted = null;
            if (confirmed) {
                ConfirmedPlaces places = ConfirmedPlaces.read(dynamoDb, table, groupId);
                promoted = promotable(groupId, places, today, now);
                if (promoted == null) {
                    items.add(places.release(expiresAt(signup), today));
                } else {
                    items.add(promote(promoted, now));
                    items.add(places.move(expiresAt(signup), expiresAt(promoted), today));
                }
            }
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items).clientRequestToken(UUID.randomUUID().toString()));
                Log.info("withdraw.done", "groupId", groupId, "signupId", text(signup, "signupId"),
                        "status", text(signup, "status"), "promotedSignupId",
                        promoted == null ? null : text(promoted, "signupId"));
                return true;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (reasons != null && !reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                    return false; // withdrawn (or expired) in the meantime
                }
                // The places or the waitlisted sign-up changed under us, or a conflict: read again.
                last = e;
            }
        }
        throw last;
    }

    /**
     * The waitlisted sign-up to take a freed place: the group's earliest live one, if the group is
     * active, has a capacity, and has room once this place is freed (a lowered capacity may not).
     */
    private Map<String, AttributeValue> promotable(String groupId, ConfirmedPlaces places, LocalDate today,
                                                   Instant now) {
        GroupItem group = groups.getItem(Key.builder().partitionValue(groupId).build());
        if (group == null || GroupItems.isArchived(group) || GroupStatus.of(group.status()) != GroupStatus.ACTIVE
                || group.capacity() == null || places.held(today) - 1 >= group.capacity()) {
            return null;
        }
        Map<String, String> names = new HashMap<>(STATE_NAMES);
        QueryRequest request = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :signup)")
                .filterExpression("#status = :waitlisted AND expiresAt > :now")
                .projectionExpression(STATE)
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(SignupKeys.groupPk(groupId)),
                        ":signup", AttributeValue.fromS(SignupKeys.signupSkPrefix()),
                        ":waitlisted", AttributeValue.fromS(SignupStatus.WAITLISTED.wire()),
                        ":now", now(now)))
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
     * Gives a waitlisted sign-up its place and makes its confirmation email pending again, so the
     * mailer tells them (with a new withdraw link) that they now have a place.
     */
    private TransactWriteItem promote(Map<String, AttributeValue> signup, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":confirmed", AttributeValue.fromS(SignupStatus.CONFIRMED.wire()));
        values.put(":waitlisted", AttributeValue.fromS(SignupStatus.WAITLISTED.wire()));
        values.put(":pendingStatus", AttributeValue.fromS(EmailStatus.PENDING.wire()));
        values.put(":pending", AttributeValue.fromS(SignupKeys.PENDING));
        values.put(":zero", AttributeValue.fromN("0"));
        values.put(":now", now(now));
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of("pk", signup.get("pk"), "sk", signup.get("sk")))
                .updateExpression("SET #status = :confirmed, emailStatus = :pendingStatus, emailPending = :pending, "
                        + "emailAttempts = :zero REMOVE emailMessageId, emailError")
                .conditionExpression("#status = :waitlisted AND expiresAt > :now")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)).build();
    }

    private static String order(Map<String, AttributeValue> signup) {
        return text(signup, "createdAt") + " " + text(signup, "sk");
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long expiresAt(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("expiresAt");
        return value == null || value.n() == null ? Long.MAX_VALUE : Long.parseLong(value.n());
    }

    private static AttributeValue now(Instant now) {
        return AttributeValue.fromN(Long.toString(now.getEpochSecond()));
    }
}
