package org.peersupport.sendconfirmation;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** {@link MessageStore} on DynamoDB: conditional updates on the message, a query on the sparse PendingEmail index. */
public final class DynamoMessageStore implements MessageStore {
    /** Items read per page of the PendingEmail index (keys only, so small). */
    static final int PAGE = 100;
    private static final AttributeValue PENDING = AttributeValue.fromS(EmailStatus.PENDING.wire());
    private static final String OURS = "#token = :hash AND emailStatus = :pending";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoMessageStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = dynamoDb;
        this.table = table;
    }

    @Override
    public MessageItem get(MessageKey key) {
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table).key(key.toKey()).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? MessageItem.SCHEMA.mapToItem(response.item()) : null;
    }

    @Override
    public SignupItem signup(MessageItem message) {
        if (message.signupSk() == null) {
            return null;
        }
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(message.pk()),
                "sk", AttributeValue.fromS(message.signupSk()));
        GetItemResponse response = dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true));
        return response.hasItem() && !response.item().isEmpty() ? SignupItem.SCHEMA.mapToItem(response.item()) : null;
    }

    @Override
    public boolean claim(MessageKey key, MessageKind kind, String tokenHash, long now, long leaseUntil) {
        return conditional(key, kind,
                "SET emailClaimedUntil = :lease, #token = :hash, emailAttempts = if_not_exists(emailAttempts, :zero) + :one",
                // A missing item has no emailStatus, so this never creates one.
                "emailStatus = :pending AND (attribute_not_exists(emailClaimedUntil) OR emailClaimedUntil < :now)"
                        + " AND (attribute_not_exists(expiresAt) OR expiresAt > :now)",
                Map.of(":lease", number(leaseUntil), ":hash", AttributeValue.fromS(tokenHash),
                        ":zero", number(0), ":one", number(1), ":pending", PENDING, ":now", number(now)));
    }

    @Override
    public boolean markSent(MessageKey key, MessageKind kind, String tokenHash, String messageId) {
        return conditional(key, kind,
                "SET emailStatus = :sent, emailMessageId = :id REMOVE emailPending, emailClaimedUntil, emailError",
                OURS,
                Map.of(":sent", AttributeValue.fromS(EmailStatus.SENT.wire()), ":id", AttributeValue.fromS(messageId),
                        ":hash", AttributeValue.fromS(tokenHash), ":pending", PENDING));
    }

    @Override
    public boolean markUndeliverable(MessageKey key, MessageKind kind, String tokenHash, String reason) {
        // The token was never sent, so its hash goes too.
        return conditional(key, kind,
                "SET emailStatus = :undeliverable, emailError = :reason REMOVE emailPending, emailClaimedUntil, #token",
                OURS,
                Map.of(":undeliverable", AttributeValue.fromS(EmailStatus.UNDELIVERABLE.wire()),
                        ":reason", AttributeValue.fromS(reason), ":hash", AttributeValue.fromS(tokenHash),
                        ":pending", PENDING));
    }

    @Override
    public boolean cancel(MessageKey key, long now) {
        return conditional(key, null, "SET emailStatus = :cancelled REMOVE emailPending, emailClaimedUntil",
                "emailStatus = :pending AND (attribute_not_exists(emailClaimedUntil) OR emailClaimedUntil < :now)",
                Map.of(":cancelled", AttributeValue.fromS(EmailStatus.CANCELLED.wire()), ":pending", PENDING,
                        ":now", number(now)));
    }

    @Override
    public void release(MessageKey key, MessageKind kind, String tokenHash, Long notBefore) {
        if (notBefore == null) {
            conditional(key, kind, "REMOVE emailClaimedUntil", OURS,
                    Map.of(":hash", AttributeValue.fromS(tokenHash), ":pending", PENDING));
        } else {
            conditional(key, kind, "SET emailClaimedUntil = :notBefore", OURS,
                    Map.of(":notBefore", number(notBefore), ":hash", AttributeValue.fromS(tokenHash),
                            ":pending", PENDING));
        }
    }

    @Override
    public void recordOnSignup(SignupItem signup, EmailStatus status, String reason) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", AttributeValue.fromS(status.wire()));
        values.put(":id", AttributeValue.fromS(signup.signupId()));
        String update = reason == null ? "SET emailStatus = :status REMOVE emailError"
                : "SET emailStatus = :status, emailError = :reason";
        if (reason != null) {
            values.put(":reason", AttributeValue.fromS(reason));
        }
        try {
            // Conditioned on the same sign-up: an update of one withdrawn meanwhile would create an item.
            dynamoDb.updateItem(r -> r.tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(signup.pk()), "sk", AttributeValue.fromS(signup.sk())))
                    .updateExpression(update).conditionExpression("signupId = :id")
                    .expressionAttributeValues(values).returnValues(ReturnValue.NONE));
        } catch (ConditionalCheckFailedException gone) {
            // withdrawn or erased meanwhile: nothing to note
        }
    }

    @Override
    public Iterable<MessageKey> pendingOldestFirst(String createdAtOrBefore) {
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
                public MessageKey next() {
                    Map<String, AttributeValue> item = items.next();
                    return new MessageKey(item.get("pk").s(), item.get("sk").s());
                }
            };
        };
    }

    private boolean conditional(MessageKey key, MessageKind kind, String update, String condition,
                                Map<String, AttributeValue> values) {
        try {
            dynamoDb.updateItem(r -> {
                r.tableName(table).key(key.toKey())
                        .updateExpression(update)
                        .conditionExpression(condition)
                        .expressionAttributeValues(values)
                        .returnValues(ReturnValue.NONE);
                if (kind != null) {
                    r.expressionAttributeNames(Map.of("#token", kind.tokenAttribute()));
                }
            });
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
