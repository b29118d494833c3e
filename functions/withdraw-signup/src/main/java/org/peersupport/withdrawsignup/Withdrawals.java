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
import org.peersupport.shared.model.MessageKind;
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
 * Withdraws the sign-up a withdraw link's token belongs to. Only the token's hash is stored, on
 * the message of the email that carried the link (the details email, a reminder, a notice); it
 * finds the message through the ByWithdrawToken index, and the
 * sign-up through the message (a link from before messages were items of their own carries the
 * hash on the sign-up itself, and works the same). It deletes the sign-up in a transaction whose
 * condition is that sign-up, still live (so a token works once), and that gives its place, if it
 * had one, to the first waitlisted sign-up of the group, or back to the group; then its messages,
 * so nothing queued for it is sent (the mailer also sends nothing for a sign-up that is gone). It
 * reads sign-ups' and messages' state only: never a name, address or phone number.
 */
final class Withdrawals {
    static final int MAX_ATTEMPTS = 8;
    private static final String STATE = Waitlist.STATE + ", withdrawTokenHash";
    private static final Map<String, String> STATE_NAMES = Waitlist.STATE_NAMES;
    private static final String MESSAGE_STATE = "pk, sk, kind, signupSk, signupId, withdrawTokenHash";

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
        List<Target> targets = targets(token);
        for (Target target : targets) {
            if (withdraw(target)) {
                return Result.WITHDRAWN;
            }
        }
        Log.info("withdraw.not_found", "targets", targets.size());
        return Result.NOT_FOUND;
    }

    /**
     * Whether the token would still withdraw a sign-up, read without changing anything: a link
     * opened again after it was used is told so at once, not after its button.
     */
    boolean isLive(String token) {
        Instant now = clock.instant();
        for (Target target : targets(token)) {
            if (liveSignup(target, now) != null) {
                return true;
            }
        }
        return false;
    }

    private List<Target> targets(String token) {
        String hash = PersonalKeys.tokenHash(token);
        List<Map<String, AttributeValue>> keys = dynamoDb.query(r -> r.tableName(table)
                .indexName(SignupKeys.BY_WITHDRAW_TOKEN)
                .keyConditionExpression("withdrawTokenHash = :h")
                .expressionAttributeValues(Map.of(":h", AttributeValue.fromS(hash)))
                .limit(2)).items();
        List<Target> targets = new ArrayList<>(keys.size());
        for (Map<String, AttributeValue> key : keys) {
            Target target = target(Map.of("pk", key.get("pk"), "sk", key.get("sk")), hash);
            if (target != null) {
                targets.add(target);
            }
        }
        return targets;
    }

    /** The sign-up's state when it is the target's and still live (not expired), else null. */
    private Map<String, AttributeValue> liveSignup(Target target, Instant now) {
        Map<String, AttributeValue> signup = dynamoDb.getItem(r -> r.tableName(table).key(target.signupKey())
                .consistentRead(true).projectionExpression(STATE).expressionAttributeNames(STATE_NAMES)).item();
        boolean ours = signup != null && !signup.isEmpty() && (target.signupId() != null
                ? target.signupId().equals(text(signup, "signupId"))
                : target.legacyHash().equals(text(signup, "withdrawTokenHash")));
        // Expired sign-ups wait for TTL; they are never withdrawn, shown or counted.
        return ours && expiresAt(signup) > now.getEpochSecond() ? signup : null;
    }

    /**
     * The sign-up a withdraw link names: through its details message, or (a link sent before
     * messages were items) the sign-up that carries the hash itself.
     */
    private record Target(Map<String, AttributeValue> signupKey, String signupId, String legacyHash) {
    }

    private Target target(Map<String, AttributeValue> key, String hash) {
        String sk = key.get("sk").s();
        if (SignupKeys.isSignupSk(sk)) {
            return new Target(key, null, hash);
        }
        if (!SignupKeys.isMessageSk(sk)) {
            return null;
        }
        Map<String, AttributeValue> message = dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true)
                .projectionExpression(MESSAGE_STATE)).item();
        if (message == null || message.isEmpty() || !hash.equals(text(message, "withdrawTokenHash"))
                || !carriesWithdrawLink(MessageKind.of(text(message, "kind")))
                || text(message, "signupSk") == null || text(message, "signupId") == null) {
            return null;
        }
        return new Target(Map.of("pk", message.get("pk"), "sk", message.get("signupSk")), text(message, "signupId"), null);
    }

    /** Every email after the confirm step carries a withdraw link: the details, reminders, notices. */
    private static boolean carriesWithdrawLink(MessageKind kind) {
        return kind != null && kind.carriesWithdrawLink();
    }

    /** True when this sign-up was withdrawn now; false when it is gone, used or expired. */
    private boolean withdraw(Target target) {
        Map<String, AttributeValue> key = target.signupKey();
        TransactionCanceledException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            Map<String, AttributeValue> signup = liveSignup(target, now);
            if (signup == null) {
                return false;
            }
            String groupId = SignupKeys.groupId(text(signup, "pk"));
            boolean confirmed = SignupStatus.CONFIRMED.wire().equals(text(signup, "status"));
            List<TransactWriteItem> items = new ArrayList<>(4);
            Map<String, AttributeValue> values = new java.util.HashMap<>();
            values.put(":now", Waitlist.epochSeconds(now));
            String condition;
            if (target.signupId() != null) {
                condition = "signupId = :id AND expiresAt > :now";
                values.put(":id", AttributeValue.fromS(target.signupId()));
            } else {
                condition = "withdrawTokenHash = :h AND expiresAt > :now";
                values.put(":h", AttributeValue.fromS(target.legacyHash()));
            }
            items.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)
                    .conditionExpression(condition).expressionAttributeValues(values)).build());
            String promoted = null;
            if (confirmed) {
                Waitlist.FreedPlace freed = waitlist.freePlace(groupId, expiresAt(signup), today, now);
                items.addAll(freed.items());
                promoted = freed.promotedSignupId();
            }
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items).clientRequestToken(UUID.randomUUID().toString()));
                int messages = Waitlist.deleteMessages(dynamoDb, table, key);
                Log.info("withdraw.done", "groupId", groupId, "signupId", text(signup, "signupId"),
                        "status", text(signup, "status"), "promotedSignupId", promoted, "messagesDeleted", messages);
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
