package org.peersupport.erasesignups;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.shared.store.Waitlist;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Sign-ups through the ByEmailKey index (keys only), deleted one transaction each (a confirmed
 * one's place goes to the group's first waitlisted sign-up, or back, as on withdrawal); rate-limit
 * counters by their partition {@code EMAIL#<emailKey>} in RateLimits (the key scheme create-signup
 * writes: {@code IP#<ipKey>} or {@code EMAIL#<emailKey>}, sort key the window).
 */
public final class DynamoSignupEraser implements SignupEraser {
    static final String EMAIL_COUNTER_PREFIX = "EMAIL#";
    private static final int ATTEMPTS = 3;

    private final DynamoDbClient dynamoDb;
    private final String signupsTable;
    private final String rateLimitsTable;
    private final Waitlist waitlist;
    private final Clock clock;

    public DynamoSignupEraser(DynamoDbClient dynamoDb, DynamoDbTable<GroupItem> groups, String signupsTable,
                              String rateLimitsTable, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.signupsTable = signupsTable;
        this.rateLimitsTable = rateLimitsTable;
        this.waitlist = new Waitlist(dynamoDb, signupsTable, groups);
        this.clock = clock;
    }

    @Override
    public List<SignupKey> find(String emailKey) {
        List<SignupKey> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(q -> q.tableName(signupsTable).indexName(SignupKeys.BY_EMAIL_KEY)
                    .keyConditionExpression("#key = :key")
                    .expressionAttributeNames(Map.of("#key", "emailKey"))
                    .expressionAttributeValues(Map.of(":key", AttributeValue.fromS(emailKey)))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                if (SignupKeys.isSignupSk(item.get("sk").s())) {
                    keys.add(new SignupKey(item.get("pk").s(), item.get("sk").s()));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
    }

    @Override
    public boolean erase(SignupKey key) {
        Map<String, AttributeValue> signupKey = Map.of("pk", AttributeValue.fromS(key.pk()), "sk", AttributeValue.fromS(key.sk()));
        String groupId = key.pk().substring(SignupKeys.groupPk("").length());
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Map<String, AttributeValue> current = dynamoDb.getItem(g -> g.tableName(signupsTable).key(signupKey)
                    .consistentRead(true).projectionExpression("#status, expiresAt")
                    .expressionAttributeNames(Map.of("#status", "status"))).item();
            if (current == null || current.isEmpty()) {
                return false;
            }
            AttributeValue status = current.get("status");
            boolean confirmed = status != null && SignupStatus.CONFIRMED.wire().equals(status.s());
            List<TransactWriteItem> items = new ArrayList<>();
            // Delete only the sign-up as just read, so its place is freed exactly once.
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(signupsTable).key(signupKey)
                    .conditionExpression(status == null ? "attribute_exists(pk) AND attribute_not_exists(#status)"
                            : "#status = :status")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(status == null ? null : Map.of(":status", status))).build());
            String promoted = null;
            if (confirmed) {
                // Erasing someone frees their place exactly as withdrawing would: to the first person waiting.
                Waitlist.FreedPlace freed = waitlist.freePlace(groupId, Waitlist.expiresAt(current),
                        LocalDate.ofInstant(now, ZoneOffset.UTC), now);
                items.addAll(freed.items());
                promoted = freed.promotedSignupId();
            }
            try {
                dynamoDb.transactWriteItems(t -> t.transactItems(items));
                if (promoted != null) {
                    Log.info("erase.place_given_to_waitlist", "groupId", groupId, "promotedSignupId", promoted);
                }
                return true;
            } catch (TransactionCanceledException changedMeanwhile) {
                Log.warn("erase.retrying_changed_signup", "attempt", attempt);
            }
        }
        throw new IllegalStateException("sign-up kept changing while being erased");
    }

    @Override
    public int eraseCounters(String emailKey) {
        String pk = EMAIL_COUNTER_PREFIX + emailKey;
        int erased = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(q -> q.tableName(rateLimitsTable)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", "pk", "#sk", "sk"))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                    .projectionExpression("#pk, #sk")
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                dynamoDb.deleteItem(d -> d.tableName(rateLimitsTable).key(item));
                erased++;
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return erased;
    }
}
