package org.peersupport.recordemailfeedback;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.shared.store.Waitlist;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * An address's sign-ups in the Signups table, found by its key through the ByEmailKey index (an
 * event arrives minutes after the email it is about, so the index has long caught up), and what a
 * bounce or a complaint does to each live one. Reads state only, never what a person wrote.
 */
final class AddressSignups {
    /** The reason the export's {@code emailStatus} is {@code undeliverable} after a hard bounce. */
    static final String BOUNCED = "bounced";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Waitlist waitlist;
    private final Clock clock;

    AddressSignups(DynamoDbClient dynamoDb, String table, Waitlist waitlist, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.waitlist = waitlist;
        this.clock = clock;
    }

    /** The keys of every sign-up stored under the address's key, in every group. */
    List<Map<String, AttributeValue>> find(String emailKey) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamoDb.query(q -> q.tableName(table).indexName(SignupKeys.BY_EMAIL_KEY)
                    .keyConditionExpression("emailKey = :key")
                    .expressionAttributeValues(Map.of(":key", AttributeValue.fromS(emailKey)))
                    .exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                if (SignupKeys.isSignupSk(item.get("sk").s())) {
                    keys.add(Map.of("pk", item.get("pk"), "sk", item.get("sk")));
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return keys;
    }

    /**
     * Marks a live sign-up's address as bouncing: no message is sent to it again (the mailer
     * cancels them), and the export shows {@code undeliverable}. False when it is gone, expired,
     * or already marked.
     */
    boolean markBounced(Map<String, AttributeValue> key) {
        Instant now = clock.instant();
        try {
            dynamoDb.updateItem(r -> r.tableName(table).key(key)
                    .updateExpression("SET bouncedAt = :now, emailStatus = :undeliverable, emailError = :bounced")
                    .conditionExpression("attribute_exists(pk) AND expiresAt > :now AND attribute_not_exists(bouncedAt)")
                    .expressionAttributeValues(Map.of(
                            ":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())),
                            ":undeliverable", AttributeValue.fromS(EmailStatus.UNDELIVERABLE.wire()),
                            ":bounced", AttributeValue.fromS(BOUNCED))));
            return true;
        } catch (ConditionalCheckFailedException goneOrMarked) {
            return false;
        }
    }

    /**
     * Withdraws a sign-up as its own withdraw link would: deleted with its messages, its place to
     * the first person waiting. Returns whether there was one to withdraw.
     */
    boolean withdraw(Map<String, AttributeValue> key) {
        return waitlist.delete(key, clock).deleted();
    }
}
