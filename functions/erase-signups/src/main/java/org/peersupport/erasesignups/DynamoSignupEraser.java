package org.peersupport.erasesignups;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Sign-ups through the ByEmailKey index (keys only), deleted one transaction each; rate-limit
 * counters by their partition {@code EMAIL#<emailKey>} in RateLimits (the key scheme create-signup
 * writes: {@code IP#<ipKey>} or {@code EMAIL#<emailKey>}, sort key the window).
 */
public final class DynamoSignupEraser implements SignupEraser {
    static final String EMAIL_COUNTER_PREFIX = "EMAIL#";
    private static final int ATTEMPTS = 3;

    private final DynamoDbClient dynamoDb;
    private final String signupsTable;
    private final String rateLimitsTable;

    public DynamoSignupEraser(DynamoDbClient dynamoDb, String signupsTable, String rateLimitsTable) {
        this.dynamoDb = dynamoDb;
        this.signupsTable = signupsTable;
        this.rateLimitsTable = rateLimitsTable;
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
        Map<String, AttributeValue> countKey = Map.of("pk", AttributeValue.fromS(key.pk()),
                "sk", AttributeValue.fromS(SignupKeys.COUNT_SK));
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Map<String, AttributeValue> current = dynamoDb.getItem(g -> g.tableName(signupsTable).key(signupKey)
                    .consistentRead(true).projectionExpression("#status")
                    .expressionAttributeNames(Map.of("#status", "status"))).item();
            if (current == null || current.isEmpty()) {
                return false;
            }
            AttributeValue status = current.get("status");
            boolean confirmed = status != null && SignupStatus.CONFIRMED.wire().equals(status.s());
            boolean releasePlace = confirmed && countIsPositive(countKey);
            List<TransactWriteItem> items = new ArrayList<>();
            // Delete only the sign-up as just read, so the count stays right if it changed meanwhile.
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(signupsTable).key(signupKey)
                    .conditionExpression(status == null ? "attribute_exists(pk) AND attribute_not_exists(#status)"
                            : "#status = :status")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(status == null ? null : Map.of(":status", status))).build());
            if (releasePlace) {
                items.add(TransactWriteItem.builder().update(u -> u.tableName(signupsTable).key(countKey)
                        .updateExpression("ADD #confirmed :minusOne")
                        .conditionExpression("#confirmed > :zero")
                        .expressionAttributeNames(Map.of("#confirmed", "confirmed"))
                        .expressionAttributeValues(Map.of(":minusOne", AttributeValue.fromN("-1"),
                                ":zero", AttributeValue.fromN("0")))).build());
            } else if (confirmed) {
                Log.warn("erase.count_already_zero", "groupPk", key.pk());
            }
            try {
                dynamoDb.transactWriteItems(t -> t.transactItems(items));
                return true;
            } catch (TransactionCanceledException changedMeanwhile) {
                Log.warn("erase.retrying_changed_signup", "attempt", attempt);
            }
        }
        throw new IllegalStateException("sign-up kept changing while being erased");
    }

    private boolean countIsPositive(Map<String, AttributeValue> countKey) {
        Map<String, AttributeValue> count = dynamoDb.getItem(g -> g.tableName(signupsTable).key(countKey)
                .consistentRead(true)).item();
        AttributeValue confirmed = count == null ? null : count.get("confirmed");
        return confirmed != null && confirmed.n() != null && Long.parseLong(confirmed.n()) > 0;
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
