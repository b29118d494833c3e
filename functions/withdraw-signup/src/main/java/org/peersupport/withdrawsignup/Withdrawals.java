package org.peersupport.withdrawsignup;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.shared.store.Waitlist;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
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
    private static final String STATE = Waitlist.STATE;
    private static final Map<String, String> STATE_NAMES = Waitlist.STATE_NAMES;

    /** What became of a withdrawal; {@code NOT_FOUND} covers unknown, used and expired tokens alike. */
    enum Result {
        WITHDRAWN, NOT_FOUND
    }

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final Waitlist waitlist;
    private final Clock clock;

    Withdrawals(DynamoDbClient dynamoDb, DynamoDbEnhancedClient enhanced, String signupsTable, String groupsTable,
                Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = signupsTable;
        this.waitlist = new Waitlist(dynamoDb, signupsTable, enhanced.table(groupsTable, GroupItem.SCHEMA));
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
                    .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(hash),
                            ":now", Waitlist.epochSeconds(now)))).build());
            String promoted = null;
            if (confirmed) {
                Waitlist.FreedPlace freed = waitlist.freePlace(groupId, expiresAt(signup), today, now);
                items.addAll(freed.items());
                promoted = freed.promotedSignupId();
            }
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items).clientRequestToken(UUID.randomUUID().toString()));
                Log.info("withdraw.done", "groupId", groupId, "signupId", text(signup, "signupId"),
                        "status", text(signup, "status"), "promotedSignupId", promoted);
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

    private static String text(Map<String, AttributeValue> item, String name) {
        return Waitlist.text(item, name);
    }

    private static long expiresAt(Map<String, AttributeValue> item) {
        return Waitlist.expiresAt(item);
    }
}
