package org.peersupport.sendconfirmation;

import java.util.Iterator;
import java.util.Map;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** {@link SignupStore} on DynamoDB: conditional updates on the item, a query on the sparse PendingEmail index. */
public final class DynamoSignupStore implements SignupStore {
    /** Items read per page of the PendingEmail index (keys only, so small). */
    static final int PAGE = 100;
    private static final AttributeValue PENDING = AttributeValue.fromS(EmailStatus.PENDING.wire());
    private static final String OURS = "withdrawTokenHash = :hash AND emailStatus = :pending";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoSignupStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public SignupItem get(SignupKey key) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table).key(key.toKey()).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? SignupItem.SCHEMA.mapToItem(response.item()) : null;
    }

    @Override
    public boolean claim(SignupKey key, String tokenHash, long now, long leaseUntil) {
        return conditional(key,
                "SET emailClaimedUntil = :lease, withdrawTokenHash = :hash,"
                        + " emailAttempts = if_not_exists(emailAttempts, :zero) + :one",
                // A missing item has no emailStatus, so this never creates one.
                "emailStatus = :pending AND (attribute_not_exists(emailClaimedUntil) OR emailClaimedUntil < :now)"
                        + " AND (attribute_not_exists(expiresAt) OR expiresAt > :now)",
                Map.of(":lease", number(leaseUntil), ":hash", AttributeValue.fromS(tokenHash),
                        ":zero", number(0), ":one", number(1), ":pending", PENDING, ":now", number(now)));
    }

    @Override
    public boolean markSent(SignupKey key, String tokenHash, String messageId) {
        return conditional(key,
                "SET emailStatus = :sent, emailMessageId = :id REMOVE emailPending, emailClaimedUntil, emailError",
                OURS,
                Map.of(":sent", AttributeValue.fromS(EmailStatus.SENT.wire()), ":id", AttributeValue.fromS(messageId),
                        ":hash", AttributeValue.fromS(tokenHash), ":pending", PENDING));
    }

    @Override
    public boolean markUndeliverable(SignupKey key, String tokenHash, String reason) {
        // The token was never sent, so its hash goes too.
        return conditional(key,
                "SET emailStatus = :undeliverable, emailError = :reason"
                        + " REMOVE emailPending, emailClaimedUntil, withdrawTokenHash",
                OURS,
                Map.of(":undeliverable", AttributeValue.fromS(EmailStatus.UNDELIVERABLE.wire()),
                        ":reason", AttributeValue.fromS(reason), ":hash", AttributeValue.fromS(tokenHash),
                        ":pending", PENDING));
    }

    @Override
    public void release(SignupKey key, String tokenHash, Long notBefore) {
        if (notBefore == null) {
            conditional(key, "REMOVE emailClaimedUntil", OURS,
                    Map.of(":hash", AttributeValue.fromS(tokenHash), ":pending", PENDING));
        } else {
            conditional(key, "SET emailClaimedUntil = :notBefore", OURS,
                    Map.of(":notBefore", number(notBefore), ":hash", AttributeValue.fromS(tokenHash),
                            ":pending", PENDING));
        }
    }

    @Override
    public Iterable<SignupKey> pendingOldestFirst(String createdAtOrBefore) {
        QueryRequest query = QueryRequest.builder()
                .tableName(table)
                .indexName(SignupKeys.PENDING_EMAIL)
                .keyConditionExpression("emailPending = :p AND createdAt <= :cutoff")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(SignupKeys.PENDING),
                        ":cutoff", AttributeValue.fromS(createdAtOrBefore)))
                .scanIndexForward(true)
                .limit(PAGE)
                .build();
        // Pages are fetched lazily, as the sweep walks on.
        return () -> {
            Iterator<Map<String, AttributeValue>> items = dynamoDb.queryPaginator(query).items().iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return items.hasNext();
                }

                @Override
                public SignupKey next() {
                    Map<String, AttributeValue> item = items.next();
                    return new SignupKey(item.get("pk").s(), item.get("sk").s());
                }
            };
        };
    }

    private boolean conditional(SignupKey key, String update, String condition, Map<String, AttributeValue> values) {
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key.toKey())
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.NONE));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
