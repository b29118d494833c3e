package org.peersupport.createsignup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.peersupport.shared.Log;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Sign-up counters in the RateLimits table, one item per hashed key and fixed window, deleted by
 * TTL a window after theirs ends (a lazily deleted counter is harmless: its window key is never
 * used again).
 *
 * <ul>
 *   <li>{@code IP#<ipKey>} / {@code HOUR#2026-11-25T21}: every valid, non-honeypot sign-up from a
 *       source IP, counted before anything is stored, repeats included; given back when the
 *       sign-up then fails (503), so retries during an outage do not lock a person out.</li>
 *   <li>{@code EMAIL#<emailKey>} / {@code DAY#2026-11-25}: sign-ups <em>stored</em> for an address
 *       (UTC days), counted in the same transaction as the sign-up itself. Repeats store nothing
 *       and send nothing, so they do not count: a person who presses the button twice, or tries
 *       again the next hour, is never locked out by their own retries; what the limit caps is the
 *       number of emails one address can be sent in a day.</li>
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

    /** Counts a sign-up from a source IP; false when the hour's limit was already reached. */
    boolean countIp(String ipKey, Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        try {
            dynamoDb.updateItem(r -> r.tableName(table)
                    .key(key("IP#" + ipKey, "HOUR#" + HOUR.format(hour)))
                    .updateExpression(UPDATE)
                    .conditionExpression(CONDITION)
                    .expressionAttributeNames(NAMES)
                    .expressionAttributeValues(values(perIpPerHour, hour.plus(2, ChronoUnit.HOURS))));
            return true;
        } catch (ConditionalCheckFailedException limitReached) {
            return false;
        }
    }

    /**
     * Gives back a count taken by {@link #countIp} for a sign-up that then failed (the store was
     * unavailable), so that a person told to try again is not locked out by their own retries.
     * Best effort: when this fails too, the count stays and expires with its window.
     */
    void uncountIp(String ipKey, Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        try {
            dynamoDb.updateItem(r -> r.tableName(table)
                    .key(key("IP#" + ipKey, "HOUR#" + HOUR.format(hour)))
                    .updateExpression("ADD #n :minusOne")
                    .conditionExpression("#n > :zero")
                    .expressionAttributeNames(Map.of("#n", "count"))
                    .expressionAttributeValues(Map.of(":minusOne", AttributeValue.fromN("-1"),
                            ":zero", AttributeValue.fromN("0"))));
        } catch (RuntimeException e) {
            Log.warn("signup.ip_count_kept", "errorType", e.getClass().getSimpleName());
        }
    }

    /** The email counter's update, for the transaction that stores the sign-up; it fails at the limit. */
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
