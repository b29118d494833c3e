package org.peersupport.createsignup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.MessageQueue;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Stores a submission as one read of the sign-up's state and one transaction, whatever that
 * state is, so that neither the answer nor the calls made tell anyone whether the address had
 * signed up:
 *
 * <ul>
 * <li>none (or an expired one): the sign-up, {@code unconfirmed}, expiring in 72 hours, with its
 *     confirm request queued and the address's daily email count taken;</li>
 * <li>unconfirmed, and no confirm request in the last hour: the request queued again (and counted);</li>
 * <li>confirmed or waitlisted, and no details email in the last 24 hours: that queued again;</li>
 * <li>otherwise, and for the honeypot: a condition check that changes nothing.</li>
 * </ul>
 *
 * Each write is conditioned on the state read, so a submission racing another reads again.
 * Places are not touched here: they are given at the confirm step.
 */
final class SignupStore {
    static final int MAX_ATTEMPTS = 8;
    static final Duration UNCONFIRMED_LIFETIME = Duration.ofHours(72);
    static final Duration CONFIRM_REQUEST_INTERVAL = Duration.ofHours(1);
    static final Duration DETAILS_INTERVAL = Duration.ofHours(24);
    /** The state attributes read (the role's IAM condition allows these and the keys only). */
    static final String STATE = "signupId, #status, expiresAt, messageCount, lastConfirmRequestAt, lastDetailsAt";
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final String TRANSACTION_CONFLICT = "TransactionConflict";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final RateLimits limits;

    SignupStore(DynamoDbClient dynamoDb, String table, RateLimits limits) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.limits = limits;
    }

    /**
     * @throws TransactionCanceledException when the state keeps changing past {@link #MAX_ATTEMPTS}
     */
    Outcome submit(GroupRules group, SignupRequest request, String emailKey, Instant now) {
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(SignupKeys.groupPk(group.id())),
                "sk", AttributeValue.fromS(SignupKeys.signupSk(emailKey)));
        TransactionCanceledException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> state = dynamoDb.getItem(r -> r.tableName(table).key(key).consistentRead(true)
                    .projectionExpression(STATE).expressionAttributeNames(Map.of("#status", "status"))).item();
            Outcome outcome = request.honeypot() ? Outcome.HONEYPOT : decide(state, now);
            List<TransactWriteItem> items = items(outcome, group, request, emailKey, key, state, now);
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items).clientRequestToken(UUID.randomUUID().toString()));
                return outcome;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (items.size() == 3 && failed(reasons, 2, CONDITIONAL_CHECK_FAILED)) {
                    return Outcome.EMAIL_LIMIT;
                }
                boolean changed = failed(reasons, 0, CONDITIONAL_CHECK_FAILED) || failed(reasons, 1, CONDITIONAL_CHECK_FAILED);
                boolean conflict = reasons != null && reasons.stream().anyMatch(r -> TRANSACTION_CONFLICT.equals(r.code()));
                if (!changed && !conflict) {
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

    /** What this submission does, given the sign-up's state as just read. */
    static Outcome decide(Map<String, AttributeValue> state, Instant now) {
        long seconds = now.getEpochSecond();
        if (state == null || state.isEmpty() || epochSeconds(state, "expiresAt", Long.MAX_VALUE) <= seconds) {
            return Outcome.NEW;
        }
        SignupStatus status = SignupStatus.of(text(state, "status"));
        if (status == SignupStatus.UNCONFIRMED) {
            return epochSeconds(state, "lastConfirmRequestAt", 0) <= seconds - CONFIRM_REQUEST_INTERVAL.toSeconds()
                    ? Outcome.CONFIRM_RESENT : Outcome.REPEAT;
        }
        if (status != null) {
            return epochSeconds(state, "lastDetailsAt", 0) <= seconds - DETAILS_INTERVAL.toSeconds()
                    ? Outcome.DETAILS_RESENT : Outcome.REPEAT;
        }
        return Outcome.REPEAT;
    }

    private List<TransactWriteItem> items(Outcome outcome, GroupRules group, SignupRequest request, String emailKey,
                                          Map<String, AttributeValue> key, Map<String, AttributeValue> state,
                                          Instant now) {
        List<TransactWriteItem> items = new ArrayList<>(3);
        switch (outcome) {
            case NEW -> {
                SignupItem signup = newSignup(group, request, emailKey, now);
                items.add(putSignup(signup, now));
                items.add(MessageQueue.put(table, MessageQueue.message(group.id(), emailKey, signup.signupId(), 0,
                        MessageKind.CONFIRM_REQUEST, "signup", now, signup.expiresAt()), now));
                items.add(limits.countEmail(emailKey, now));
            }
            case CONFIRM_RESENT, DETAILS_RESENT -> {
                boolean details = outcome == Outcome.DETAILS_RESENT;
                int read = MessageQueue.count(state);
                items.add(requeue(key, state, read, details, now));
                MessageItem message = MessageQueue.message(group.id(), emailKey, text(state, "signupId"), read,
                        details ? MessageKind.DETAILS : MessageKind.CONFIRM_REQUEST, "repeat", now,
                        epochSeconds(state, "expiresAt", now.getEpochSecond()));
                items.add(MessageQueue.put(table, message, now));
                items.add(limits.countEmail(emailKey, now));
            }
            default -> items.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key)
                    // Holds whatever the state: the call is made so that nothing can be told from the calls.
                    .conditionExpression("attribute_not_exists(pk) OR attribute_exists(pk)")).build());
        }
        return items;
    }

    private static SignupItem newSignup(GroupRules group, SignupRequest request, String emailKey, Instant now) {
        return SignupItem.builder()
                .pk(SignupKeys.groupPk(group.id()))
                .sk(SignupKeys.signupSk(emailKey))
                .signupId(UUID.randomUUID().toString())
                .groupId(group.id())
                .emailKey(emailKey)
                .createdAt(SignupItem.timestamp(now))
                .expiresAt(now.plus(UNCONFIRMED_LIFETIME).getEpochSecond())
                .firstName(request.firstName())
                .email(request.email().value())
                .phone(request.phone())
                .forWhom(request.forWhom().wire())
                .language(request.language())
                .emergencyContactName(request.emergencyContactName())
                .emergencyContactPhone(request.emergencyContactPhone())
                .status(SignupStatus.UNCONFIRMED.wire())
                .messageCount(1)
                .lastConfirmRequestAt(now.getEpochSecond())
                .build();
    }

    /** The new sign-up, unless a live one has the key (then the state changed since it was read). */
    private TransactWriteItem putSignup(SignupItem item, Instant now) {
        Map<String, AttributeValue> attributes = SignupItem.SCHEMA.itemToMap(item, true);
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(attributes)
                .conditionExpression("attribute_not_exists(pk) OR #expires <= :now")
                .expressionAttributeNames(Map.of("#expires", "expiresAt"))
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))))
                .build();
    }

    /** The sign-up's message count moved on, with when this kind was last queued, as read. */
    private TransactWriteItem requeue(Map<String, AttributeValue> key, Map<String, AttributeValue> state, int read,
                                      boolean details, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
        values.put(":status", state.get("status"));
        MessageQueue.countValues(values, read);
        String update = "SET " + MessageQueue.MESSAGE_COUNT + " = :nextCount, "
                + (details ? "lastDetailsAt = :now, emailStatus = :pending" : "lastConfirmRequestAt = :now");
        if (details) {
            values.put(":pending", AttributeValue.fromS(EmailStatus.PENDING.wire()));
        }
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key)
                .updateExpression(update)
                .conditionExpression("#status = :status AND expiresAt > :now AND " + MessageQueue.countIs(read))
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(values)).build();
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null ? null : value.s();
    }

    private static long epochSeconds(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : Long.parseLong(value.n());
    }

    private static boolean failed(List<CancellationReason> reasons, int index, String code) {
        return reasons != null && index < reasons.size() && code.equals(reasons.get(index).code());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 25L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
