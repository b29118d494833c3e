package org.peersupport.shared.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * One staff action in the Audit table: who (the staff member's username, from the verified
 * token), what, when, with which filters, and how many rows. It never holds a registrant's
 * personal data: filters are group ids, dates, formats and staff usernames, never an email
 * address or its hash.
 *
 * <p>Keys: every record is in one partition, {@link #PK}, sorted by {@code sk} = the ISO instant
 * and a random id, so "newest first" is one Query with {@code ScanIndexForward=false}. Staff
 * actions come at human pace, far below one partition's write limit, so one partition costs
 * nothing and keeps paging trivial. {@code expiresAt} (TTL) is one year after the action.
 */
public record AuditItem(String pk, String sk, String at, String principal, String action,
                        Map<String, String> filters, Integer rowCount, Long expiresAt) {
    public static final String PK = "AUDIT";
    public static final Duration RETENTION = Duration.ofDays(365);

    private static final EnhancedType<Map<String, String>> STRING_MAP = EnhancedType.mapOf(String.class, String.class);

    public static final TableSchema<AuditItem> SCHEMA =
            StaticImmutableTableSchema.builder(AuditItem.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("pk").getter(AuditItem::pk).setter(Builder::pk)
                            .tags(primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("sk").getter(AuditItem::sk).setter(Builder::sk)
                            .tags(primarySortKey()))
                    .addAttribute(String.class, a -> a.name("at").getter(AuditItem::at).setter(Builder::at))
                    .addAttribute(String.class, a -> a.name("principal").getter(AuditItem::principal)
                            .setter(Builder::principal))
                    .addAttribute(String.class, a -> a.name("action").getter(AuditItem::action).setter(Builder::action))
                    .addAttribute(STRING_MAP, a -> a.name("filters").getter(AuditItem::filters).setter(Builder::filters))
                    .addAttribute(Integer.class, a -> a.name("rowCount").getter(AuditItem::rowCount)
                            .setter(Builder::rowCount))
                    .addAttribute(Long.class, a -> a.name("expiresAt").getter(AuditItem::expiresAt)
                            .setter(Builder::expiresAt))
                    .build();

    /** A new record at {@code now}. */
    public static AuditItem of(Instant now, String principal, org.peersupport.shared.audit.AuditAction action,
                               Map<String, String> filters, int rowCount) {
        // Millisecond precision, always three digits, so sort keys order exactly as times do.
        String at = now.truncatedTo(ChronoUnit.MILLIS).toString();
        if (at.length() == 20) {
            at = at.substring(0, 19) + ".000Z";
        }
        return new AuditItem(PK, at + "#" + UUID.randomUUID(), at, principal, action.wire(),
                new TreeMap<>(filters), rowCount, now.plus(RETENTION).getEpochSecond());
    }

    public boolean isExpired(long nowEpochSeconds) {
        return expiresAt != null && expiresAt <= nowEpochSeconds;
    }

    public static final class Builder {
        private String pk;
        private String sk;
        private String at;
        private String principal;
        private String action;
        private Map<String, String> filters = Map.of();
        private Integer rowCount;
        private Long expiresAt;

        public Builder pk(String v) { pk = v; return this; }
        public Builder sk(String v) { sk = v; return this; }
        public Builder at(String v) { at = v; return this; }
        public Builder principal(String v) { principal = v; return this; }
        public Builder action(String v) { action = v; return this; }
        public Builder filters(Map<String, String> v) { filters = v == null ? Map.of() : v; return this; }
        public Builder rowCount(Integer v) { rowCount = v; return this; }
        public Builder expiresAt(Long v) { expiresAt = v; return this; }

        public AuditItem build() {
            return new AuditItem(pk, sk, at, principal, action, filters, rowCount, expiresAt);
        }
    }
}
