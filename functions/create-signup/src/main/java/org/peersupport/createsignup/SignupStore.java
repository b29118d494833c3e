package org.peersupport.createsignup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.store.ConfirmedPlaces;
import org.peersupport.shared.store.SignupItem;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Stores a sign-up in one transaction: the sign-up itself, put only if its group and email have
 * none (the deduplication: one conditional write on the key), the group's confirmed places (a
 * place taken, or for a waitlisted sign-up only the places' version), the email's daily counter
 * and the source IP's hourly counter. Either all of it happens or none of it does.
 */
final class SignupStore {
    static final int MAX_ATTEMPTS = 8;
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
     * @param item the sign-up without its status, which is decided here
     * @param ipKey the keyed hash of the source IP, whose hourly counter this sign-up counts in
     * @throws TransactionCanceledException when conflicts persist past {@link #MAX_ATTEMPTS}
     */
    Outcome store(GroupRules group, SignupItem item, String ipKey, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        TransactionCanceledException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            // A group staff have marked full waitlists everyone; otherwise the places decide.
            ConfirmedPlaces places = group.status() == GroupStatus.FULL ? null
                    : ConfirmedPlaces.read(dynamoDb, table, group.id());
            boolean confirm = places != null && (group.capacity() == null || places.held(today) < group.capacity());
            SignupStatus status = confirm ? SignupStatus.CONFIRMED : SignupStatus.WAITLISTED;
            List<TransactWriteItem> items = new ArrayList<>(4);
            items.add(put(item.toBuilder().status(status.wire()).build(), now));
            if (places != null) {
                // Kept for groups without a capacity too, so that setting one later counts correctly;
                // a waitlisted sign-up moves only the version, so a withdrawal racing it sees it.
                items.add(confirm ? places.claim(item.expiresAt(), today) : places.keep(today));
            }
            items.add(limits.countEmail(item.emailKey(), now));
            items.add(limits.countIp(ipKey, now));
            try {
                dynamoDb.transactWriteItems(r -> r.transactItems(items).clientRequestToken(UUID.randomUUID().toString()));
                return confirm ? Outcome.CONFIRMED : Outcome.WAITLISTED;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                if (failed(reasons, 0, CONDITIONAL_CHECK_FAILED)) {
                    return Outcome.REPEAT;
                }
                if (failed(reasons, items.size() - 2, CONDITIONAL_CHECK_FAILED)) {
                    return Outcome.EMAIL_LIMIT;
                }
                if (failed(reasons, items.size() - 1, CONDITIONAL_CHECK_FAILED)) {
                    return Outcome.IP_LIMIT;
                }
                boolean placesChanged = places != null && failed(reasons, 1, CONDITIONAL_CHECK_FAILED);
                boolean conflict = reasons.stream().anyMatch(r -> TRANSACTION_CONFLICT.equals(r.code()));
                if (!placesChanged && !conflict) {
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

    /** The sign-up, unless one exists for the same key (a repeat); an expired one is replaced. */
    private TransactWriteItem put(SignupItem item, Instant now) {
        Map<String, AttributeValue> attributes = SignupItem.SCHEMA.itemToMap(item, true);
        return TransactWriteItem.builder().put(p -> p.tableName(table).item(attributes)
                .conditionExpression("attribute_not_exists(pk) OR #expires <= :now")
                .expressionAttributeNames(Map.of("#expires", "expiresAt"))
                .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))))
                .build();
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
