package org.peersupport.shared.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * A group's confirmed places, as its COUNT item in the Signups table holds them (see
 * {@link SignupKeys}). Places are counted by the UTC day on which their sign-up expires
 * ({@code expiresAt}), so a place frees itself once its sign-up has passed the retention period:
 * TTL deletes lazily and tells no one, so a plain counter would only ever grow, and a group with a
 * capacity would waitlist everyone for good after its first N sign-ups. A day's places still count
 * on that day (at most one day too long, never too short).
 *
 * <p>Each change rewrites the (pruned) day map under an optimistic check on {@code version}, in
 * the same transaction as the sign-up it belongs to, so two sign-ups cannot both take the last
 * place: one transaction fails its version check and the caller reads again and retries.
 */
public final class ConfirmedPlaces {
    public static final String VERSION = "version";
    public static final String BY_EXPIRY_DAY = "placesByExpiryDay";

    private final String table;
    private final String groupId;
    private final long version;
    private final Map<LocalDate, Long> byExpiryDay;

    private ConfirmedPlaces(String table, String groupId, long version, Map<LocalDate, Long> byExpiryDay) {
        this.table = table;
        this.groupId = groupId;
        this.version = version;
        this.byExpiryDay = byExpiryDay;
    }

    /** The COUNT item's key. */
    public static Map<String, AttributeValue> key(String groupId) {
        return Map.of("pk", AttributeValue.fromS(SignupKeys.groupPk(groupId)),
                "sk", AttributeValue.fromS(SignupKeys.COUNT_SK));
    }

    /** Reads the group's places (strongly consistent, and only the COUNT item's own attributes). */
    public static ConfirmedPlaces read(DynamoDbClient dynamoDb, String table, String groupId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(r -> r.tableName(table).key(key(groupId))
                .consistentRead(true)
                .projectionExpression("#v, #d")
                .expressionAttributeNames(Map.of("#v", VERSION, "#d", BY_EXPIRY_DAY))).item();
        return of(table, groupId, item);
    }

    /** The places an item (null or empty: none yet) holds. */
    public static ConfirmedPlaces of(String table, String groupId, Map<String, AttributeValue> item) {
        Map<LocalDate, Long> days = new TreeMap<>();
        long version = 0;
        if (item != null && !item.isEmpty()) {
            AttributeValue v = item.get(VERSION);
            version = v == null || v.n() == null ? 0 : Long.parseLong(v.n());
            AttributeValue d = item.get(BY_EXPIRY_DAY);
            if (d != null && d.hasM()) {
                d.m().forEach((day, count) -> days.put(LocalDate.parse(day), Long.parseLong(count.n())));
            }
        }
        return new ConfirmedPlaces(table, groupId, version, days);
    }

    public long version() {
        return version;
    }

    /** Places held on {@code today} (UTC): by sign-ups that expire today or later. */
    public long held(LocalDate today) {
        long held = 0;
        for (Map.Entry<LocalDate, Long> day : byExpiryDay.entrySet()) {
            if (!day.getKey().isBefore(today)) {
                held += day.getValue();
            }
        }
        return held;
    }

    /** Takes one place for a sign-up that expires at {@code expiresAt} (epoch seconds). */
    public TransactWriteItem claim(long expiresAt, LocalDate today) {
        Map<LocalDate, Long> next = current(today);
        next.merge(day(expiresAt), 1L, Long::sum);
        return write(next);
    }

    /**
     * Changes no place, only the version: for a sign-up put on the waitlist. A withdrawal that read
     * the waitlist before it then fails its version check and reads again, so it cannot free a
     * place while someone it did not see is waiting (and the reverse, for the waitlisted put).
     */
    public TransactWriteItem keep(LocalDate today) {
        return write(current(today));
    }

    /** Gives back the place of a sign-up that expires at {@code expiresAt} (gone already: no change). */
    public TransactWriteItem release(long expiresAt, LocalDate today) {
        Map<LocalDate, Long> next = current(today);
        next.computeIfPresent(day(expiresAt), (d, n) -> n > 1 ? n - 1 : null);
        return write(next);
    }

    /** Hands a released place to another sign-up (a waitlisted one being promoted). */
    public TransactWriteItem move(long releasedExpiresAt, long claimedExpiresAt, LocalDate today) {
        Map<LocalDate, Long> next = current(today);
        next.computeIfPresent(day(releasedExpiresAt), (d, n) -> n > 1 ? n - 1 : null);
        next.merge(day(claimedExpiresAt), 1L, Long::sum);
        return write(next);
    }

    public static LocalDate day(long epochSeconds) {
        return LocalDate.ofInstant(Instant.ofEpochSecond(epochSeconds), ZoneOffset.UTC);
    }

    /** The days still counted; earlier ones are dropped as the map is rewritten. */
    private Map<LocalDate, Long> current(LocalDate today) {
        Map<LocalDate, Long> next = new TreeMap<>();
        byExpiryDay.forEach((day, count) -> {
            if (!day.isBefore(today) && count > 0) {
                next.put(day, count);
            }
        });
        return next;
    }

    private TransactWriteItem write(Map<LocalDate, Long> days) {
        Map<String, AttributeValue> map = new TreeMap<>();
        days.forEach((day, count) -> map.put(day.toString(), AttributeValue.fromN(Long.toString(count))));
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        values.put(":next", AttributeValue.fromN(Long.toString(version + 1)));
        values.put(":days", AttributeValue.fromM(map));
        String condition;
        if (version == 0) {
            condition = "attribute_not_exists(#v)";
        } else {
            condition = "#v = :v";
            values.put(":v", AttributeValue.fromN(Long.toString(version)));
        }
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key(groupId))
                .updateExpression("SET #v = :next, #d = :days")
                .conditionExpression(condition)
                .expressionAttributeNames(Map.of("#v", VERSION, "#d", BY_EXPIRY_DAY))
                .expressionAttributeValues(values)).build();
    }
}
