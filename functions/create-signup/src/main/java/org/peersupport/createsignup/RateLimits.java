package org.peersupport.createsignup;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Sign-up counters in the RateLimits table, one item per hashed key and fixed window, deleted by
 * TTL a window after theirs ends (a lazily deleted counter is harmless: its window key is never
 * used again). Both count sign-ups <em>stored</em>, in the same transaction as the sign-up itself,
 * and that transaction fails at the limit:
 *
 * <ul>
 *   <li>{@code IP#<ipKey>} / {@code HOUR#2026-11-25T21}: sign-ups stored from a source IP in a
 *       clock hour.</li>
 *   <li>{@code EMAIL#<emailKey>} / {@code DAY#2026-11-25}: sign-ups stored for an address (UTC
 *       days); what it caps is the number of emails one address can be sent in a day.</li>
 * </ul>
 *
 * <p>So nothing that stores nothing counts: not a repeat (the button pressed twice, a retry the
 * next hour), and not an attempt that failed — a DynamoDB outage answered 503, or a function killed
 * by its timeout half-way. Counting before the store and giving the count back on failure left
 * that last case counted, and a person retrying through an outage could use up their address's
 * hour and then be answered 202 with nothing stored.
 */
final class RateLimits {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
    private static final String CONDITION = "attribute_not_exists(#n) OR #n < :limit";
    private static final String UPDATE = "SET #e = if_not_exists(#e, :expires) ADD #n :one";
    private static final Map<String, String> NAMES = Map.of("#n", "count", "#e", "expiresAt");

    private final String table;
    private final int perIpPerHour;
    private final int perEmailPerDay;

    RateLimits(String table, int perIpPerHour, int perEmailPerDay) {
        this.table = table;
        this.perIpPerHour = perIpPerHour;
        this.perEmailPerDay = perEmailPerDay;
    }

    /** The source IP's hourly counter update, for the transaction that stores the sign-up; it fails at the limit. */
    TransactWriteItem countIp(String ipKey, Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        return count("IP#" + ipKey, "HOUR#" + HOUR.format(hour), perIpPerHour, hour.plus(2, ChronoUnit.HOURS));
    }

    /** The email counter's update, for the transaction that stores the sign-up; it fails at the limit. */
    TransactWriteItem countEmail(String emailKey, Instant now) {
        Instant day = now.truncatedTo(ChronoUnit.DAYS);
        return count("EMAIL#" + emailKey, "DAY#" + DAY.format(day), perEmailPerDay, day.plus(2, ChronoUnit.DAYS));
    }

    private TransactWriteItem count(String pk, String sk, int limit, Instant expires) {
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(key(pk, sk))
                .updateExpression(UPDATE)
                .conditionExpression(CONDITION)
                .expressionAttributeNames(NAMES)
                .expressionAttributeValues(values(limit, expires))).build();
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
