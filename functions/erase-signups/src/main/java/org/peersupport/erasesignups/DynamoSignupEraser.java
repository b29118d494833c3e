package org.peersupport.erasesignups;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peersupport.shared.Log;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.shared.store.Waitlist;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Finds sign-ups with a strongly consistent read of each group's key for the address (every group
 * in the Groups table, archived ones included) and, for any group no longer there, the ByEmailKey
 * index (eventually consistent, so never alone: a sign-up made a moment ago may not be in it yet).
 * Each is deleted in one transaction (a confirmed one's place goes to the group's first waitlisted
 * sign-up, or back, as on withdrawal), then its messages; rate-limit counters go by their partition
 * {@code EMAIL#<emailKey>} in RateLimits (the key scheme create-signup writes: {@code IP#<ipKey>}
 * or {@code EMAIL#<emailKey>}, sort key the window). Its log lines name no group: an erasure's
 * log must not say where the person had signed up.
 */
public final class DynamoSignupEraser implements SignupEraser {
    static final String EMAIL_COUNTER_PREFIX = "EMAIL#";

    private final DynamoDbClient dynamoDb;
    private final String signupsTable;
    private final String rateLimitsTable;
    private final Waitlist waitlist;
    private final DynamoDbTable<GroupItem> groups;
    private final Clock clock;

    public DynamoSignupEraser(DynamoDbClient dynamoDb, DynamoDbTable<GroupItem> groups, String signupsTable,
                              String rateLimitsTable, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.signupsTable = signupsTable;
        this.rateLimitsTable = rateLimitsTable;
        this.waitlist = new Waitlist(dynamoDb, signupsTable, groups);
        this.groups = groups;
        this.clock = clock;
    }

    @Override
    public List<SignupKey> find(String emailKey) {
        Set<SignupKey> keys = new LinkedHashSet<>();
        for (String groupId : groupIds()) {
            SignupKey key = new SignupKey(SignupKeys.groupPk(groupId), SignupKeys.signupSk(emailKey));
            Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(signupsTable).key(key(key))
                    .consistentRead(true).projectionExpression("pk")).item();
            if (item != null && !item.isEmpty()) {
                keys.add(key);
            }
        }
        keys.addAll(indexed(emailKey));
        return new ArrayList<>(keys);
    }

    /** Every group's id, archived ones included (staff archive groups; they never delete them). */
    private List<String> groupIds() {
        List<String> ids = new ArrayList<>();
        groups.scan(s -> s.attributesToProject("id").consistentRead(true)).items().forEach(g -> ids.add(g.id()));
        return ids;
    }

    private List<SignupKey> indexed(String emailKey) {
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

    private static Map<String, AttributeValue> key(SignupKey key) {
        return Map.of("pk", AttributeValue.fromS(key.pk()), "sk", AttributeValue.fromS(key.sk()));
    }

    @Override
    public boolean erase(SignupKey key) {
        // Erasing someone frees their place exactly as withdrawing would: to the first person waiting.
        Waitlist.Deleted deleted = waitlist.delete(key(key), clock);
        if (deleted.promotedSignupId() != null) {
            Log.info("erase.place_given_to_waitlist", "promotedSignupId", deleted.promotedSignupId());
        }
        return deleted.deleted();
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
