package org.peersupport.createsignup;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Sign-up counters in the RateLimits table, one item per hashed key and fixed window, deleted by
 * TTL a window after theirs ends (a lazily deleted counter is harmless: its window key is never
 * used again).
 *
 * <ul>
 *   <li>{@code IP#<ipKey>} / {@code HOUR#2026-11-25T21}: valid submissions from a source IP in a
 *       clock hour, counted by itself before anything else is read or stored, whatever the
 *       address's state. So what a prober spends is the same whether or not the address they
 *       probe has signed up (counting only what was stored made a repeat free: an oracle).</li>
 *   <li>{@code EMAIL#<emailKey>} / {@code DAY#2026-11-25}: emails submissions caused to an address
 *       (UTC days), counted in the transaction that queues the email, which fails at the limit.</li>
 * </ul>
 */
final class RateLimits {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final String CONDITION = "attribute_not_exists(#n) OR #n < :limit";
    private static final String UPDATE = "SET #e = if_not_exists(#e, :expires) ADD #n :one";
    private static final Map<String, String> NAMES = Map.of("#n", "count", "#e", "expiresAt");

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final int perIpPerHour;
    private final int perEmailPerDay;

    RateLimits(DynamoDbClient dynamoDb, String table, int perIpPerHour, int perEmailPerDay) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.perIpPerHour = perIpPerHour;
        this.perEmailPerDay = perEmailPerDay;
    }

    /** Counts one submission from the source IP; false (nothing counted) when its hour is used up. */
    boolean countIp(String ipKey, Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        try {
            dynamoDb.updateItem(u -> u.tableName(table)
                    .key(key("IP#" + ipKey, "HOUR#" + HOUR.format(hour)))
                    .updateExpression(UPDATE)
                    .conditionExpression(CONDITION)
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(values(perIpPerHour, hour.plus(2, ChronoUnit.HOURS)))
                    .returnValues(ReturnValue.NONE));
            return true;
        } catch (ConditionalCheckFailedException overTheLimit) {
            return false;
        }
    }

    /** Seconds until the source IP's count starts again: the rest of the clock hour. */
    static long retryAfterSeconds(Instant now) {
        return Math.max(1, Duration.between(now, now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS)).toSeconds());
    }

    /** The address's daily counter update, for the transaction that queues an email; it fails at the limit. */
    TransactWriteItem countEmail(String emailKey, Instant now) {
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key("EMAIL#" + emailKey, "DAY#" + DAY.format(day)))
                .updateExpression(UPDATE)
                .conditionExpression(CONDITION)
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(values(perEmailPerDay, day.plus(2, ChronoUnit.DAYS)))).build();
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk));
    }

    private static Map<String, AttributeValue> values(int limit, Instant expires) {
        return Map.of(":limit", AttributeValue.fromN(Integer.toString(limit)),
                ":one", AttributeValue.fromN("1"),
                ":expires", AttributeValue.fromN(Long.toString(expires.getEpochSecond())));
    }
}
