package org.peersupport.shared.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.peersupport.shared.notices.MeetingChange;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A change staff made that may concern a group's registrants, in the GroupChanges table: written in
 * the same transaction as the change itself (and its audit record), so a change is never made
 * without it. Its INSERT in the table's stream brings the notice function, which queues one change
 * notice per registrant (keyed by {@code changeId}, so doing it again queues nothing more) and gives
 * any room the change opened to the people waiting; a scheduled run picks up what the stream
 * missed. It holds no personal data and nothing private about the group: what changed and when.
 *
 * <p>Two shapes: a group's change ({@code groupId}, its {@code changes} worked out by
 * {@link org.peersupport.shared.notices.MeetingChanges} against the group as it was, and
 * {@code placesMayOpen} when a capacity rose or the group takes people again); or an
 * organisation-wide closure set or lifted ({@code closureDate}, {@code closed}), whose groups the
 * notice function works out, since every group that meets that day is concerned.
 *
 * @param createdAt   ISO-8601 instant of the change; "now" for what it touches
 * @param expiresAt   epoch seconds (TTL): a week, long after it was handled
 * @param handledAt   ISO-8601 instant its notices were queued; absent until then
 * @param attempts    how often handling it failed (a scheduled run stops retrying it after a few)
 */
public record GroupChangeItem(String changeId, String groupId, List<String> changes, Boolean placesMayOpen,
                              String closureDate, Boolean closed, String createdAt, Long expiresAt, String handledAt,
                              Integer notices, Integer attempts) {

    public static final Duration KEPT = Duration.ofDays(7);
    private static final EnhancedType<List<String>> STRINGS = EnhancedType.listOf(String.class);

    public static final TableSchema<GroupChangeItem> SCHEMA =
            StaticImmutableTableSchema.builder(GroupChangeItem.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("changeId").getter(GroupChangeItem::changeId)
                            .setter(Builder::changeId).tags(primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("groupId").getter(GroupChangeItem::groupId).setter(Builder::groupId))
                    .addAttribute(STRINGS, a -> a.name("changes").getter(GroupChangeItem::changes).setter(Builder::changes))
                    .addAttribute(Boolean.class, a -> a.name("placesMayOpen").getter(GroupChangeItem::placesMayOpen)
                            .setter(Builder::placesMayOpen))
                    .addAttribute(String.class, a -> a.name("closureDate").getter(GroupChangeItem::closureDate)
                            .setter(Builder::closureDate))
                    .addAttribute(Boolean.class, a -> a.name("closed").getter(GroupChangeItem::closed).setter(Builder::closed))
                    .addAttribute(String.class, a -> a.name("createdAt").getter(GroupChangeItem::createdAt)
                            .setter(Builder::createdAt))
                    .addAttribute(Long.class, a -> a.name("expiresAt").getter(GroupChangeItem::expiresAt)
                            .setter(Builder::expiresAt))
                    .addAttribute(String.class, a -> a.name("handledAt").getter(GroupChangeItem::handledAt)
                            .setter(Builder::handledAt))
                    .addAttribute(Integer.class, a -> a.name("notices").getter(GroupChangeItem::notices).setter(Builder::notices))
                    .addAttribute(Integer.class, a -> a.name("attempts").getter(GroupChangeItem::attempts)
                            .setter(Builder::attempts))
                    .build();

    /** A change to one group. */
    public static GroupChangeItem ofGroup(String groupId, List<MeetingChange> changes, boolean placesMayOpen,
                                          Instant now) {
        return new GroupChangeItem(UUID.randomUUID().toString(), groupId, MeetingChange.wire(changes),
                placesMayOpen ? Boolean.TRUE : null, null, null, SignupItem.timestamp(now),
                now.plus(KEPT).getEpochSecond(), null, null, null);
    }

    /** An organisation-wide closure set ({@code closed}) or lifted on {@code date} (YYYY-MM-DD). */
    public static GroupChangeItem ofClosure(String date, boolean closed, Instant now) {
        return new GroupChangeItem(UUID.randomUUID().toString(), null, null, null, date, closed,
                SignupItem.timestamp(now), now.plus(KEPT).getEpochSecond(), null, null, null);
    }

    public boolean isClosure() {
        return closureDate != null;
    }

    public Instant createdInstant() {
        return Instant.parse(createdAt);
    }

    public static final class Builder {
        private String changeId;
        private String groupId;
        private List<String> changes;
        private Boolean placesMayOpen;
        private String closureDate;
        private Boolean closed;
        private String createdAt;
        private Long expiresAt;
        private String handledAt;
        private Integer notices;
        private Integer attempts;

        public Builder changeId(String v) { changeId = v; return this; }
        public Builder groupId(String v) { groupId = v; return this; }
        public Builder changes(List<String> v) { changes = v; return this; }
        public Builder placesMayOpen(Boolean v) { placesMayOpen = v; return this; }
        public Builder closureDate(String v) { closureDate = v; return this; }
        public Builder closed(Boolean v) { closed = v; return this; }
        public Builder createdAt(String v) { createdAt = v; return this; }
        public Builder expiresAt(Long v) { expiresAt = v; return this; }
        public Builder handledAt(String v) { handledAt = v; return this; }
        public Builder notices(Integer v) { notices = v; return this; }
        public Builder attempts(Integer v) { attempts = v; return this; }

        public GroupChangeItem build() {
            return new GroupChangeItem(changeId, groupId, changes, placesMayOpen, closureDate, closed, createdAt,
                    expiresAt, handledAt, notices, attempts);
        }
    }
}
