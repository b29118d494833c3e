package org.peersupport.shared.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * One email to send to a sign-up's address, stored before it is sent: written in the same
 * transaction as the change that causes it (a new sign-up, a confirmation, a repeat, a place given
 * to someone waiting, a reminder, a change), under a key that names its sign-up and its place in
 * that sign-up's messages ({@link SignupKeys#messageSk}), or the one event it is about (a reminder, a
 * change: {@link SignupKeys#eventMessageSk}), so it cannot be queued twice. Its INSERT in the
 * table's stream brings the mailer; the sparse PendingEmail index lets the sweep find what the
 * stream missed. It holds no personal data: the mailer reads the sign-up for the address, name and
 * language when it sends, so a sign-up withdrawn or erased first gets nothing.
 *
 * @param kind             a {@link org.peersupport.shared.model.MessageKind} wire name
 * @param cause            why it was queued (a log and reading aid: {@code signup}, {@code repeat},
 *                         {@code confirmed}, {@code place_opened}, {@code reminder}, a change's id)
 * @param expiresAt        epoch seconds (TTL); never after its sign-up's
 * @param emailPending     {@link SignupKeys#PENDING} while pending, else absent (the sweep's index)
 * @param emailClaimedUntil epoch seconds until which one mailer owns the send
 * @param confirmTokenHash base64url SHA-256 of the confirm link's token (confirm requests)
 * @param withdrawTokenHash base64url SHA-256 of the withdraw link's token (every kind after the confirm step)
 * @param meetingStart     a reminder's meeting (ISO-8601 with offset): none is sent once that meeting is
 *                         cancelled, moved or begun
 * @param changes          a change notice's {@link org.peersupport.shared.notices.MeetingChange}s, stored form
 */
public record MessageItem(String pk, String sk, String kind, String cause, String groupId, String signupId,
                          String signupSk, String createdAt, Long expiresAt, String emailStatus, String emailPending,
                          Integer emailAttempts, Long emailClaimedUntil, String emailMessageId, String emailError,
                          String confirmTokenHash, String withdrawTokenHash, String meetingStart, List<String> changes) {

    private static final EnhancedType<List<String>> STRINGS = EnhancedType.listOf(String.class);

    public static final TableSchema<MessageItem> SCHEMA =
            StaticImmutableTableSchema.builder(MessageItem.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("pk").getter(MessageItem::pk).setter(Builder::pk)
                            .tags(primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("sk").getter(MessageItem::sk).setter(Builder::sk)
                            .tags(primarySortKey()))
                    .addAttribute(String.class, a -> a.name("kind").getter(MessageItem::kind).setter(Builder::kind))
                    .addAttribute(String.class, a -> a.name("cause").getter(MessageItem::cause).setter(Builder::cause))
                    .addAttribute(String.class, a -> a.name("groupId").getter(MessageItem::groupId).setter(Builder::groupId))
                    .addAttribute(String.class, a -> a.name("signupId").getter(MessageItem::signupId).setter(Builder::signupId))
                    .addAttribute(String.class, a -> a.name("signupSk").getter(MessageItem::signupSk).setter(Builder::signupSk))
                    .addAttribute(String.class, a -> a.name("createdAt").getter(MessageItem::createdAt)
                            .setter(Builder::createdAt).tags(secondarySortKey(SignupKeys.PENDING_EMAIL)))
                    .addAttribute(Long.class, a -> a.name("expiresAt").getter(MessageItem::expiresAt).setter(Builder::expiresAt))
                    .addAttribute(String.class, a -> a.name("emailStatus").getter(MessageItem::emailStatus)
                            .setter(Builder::emailStatus))
                    .addAttribute(String.class, a -> a.name("emailPending").getter(MessageItem::emailPending)
                            .setter(Builder::emailPending).tags(secondaryPartitionKey(SignupKeys.PENDING_EMAIL)))
                    .addAttribute(Integer.class, a -> a.name("emailAttempts").getter(MessageItem::emailAttempts)
                            .setter(Builder::emailAttempts))
                    .addAttribute(Long.class, a -> a.name("emailClaimedUntil").getter(MessageItem::emailClaimedUntil)
                            .setter(Builder::emailClaimedUntil))
                    .addAttribute(String.class, a -> a.name("emailMessageId").getter(MessageItem::emailMessageId)
                            .setter(Builder::emailMessageId))
                    .addAttribute(String.class, a -> a.name("emailError").getter(MessageItem::emailError)
                            .setter(Builder::emailError))
                    .addAttribute(String.class, a -> a.name("confirmTokenHash").getter(MessageItem::confirmTokenHash)
                            .setter(Builder::confirmTokenHash).tags(secondaryPartitionKey(SignupKeys.BY_CONFIRM_TOKEN)))
                    .addAttribute(String.class, a -> a.name("withdrawTokenHash").getter(MessageItem::withdrawTokenHash)
                            .setter(Builder::withdrawTokenHash).tags(secondaryPartitionKey(SignupKeys.BY_WITHDRAW_TOKEN)))
                    .addAttribute(String.class, a -> a.name("meetingStart").getter(MessageItem::meetingStart)
                            .setter(Builder::meetingStart))
                    .addAttribute(STRINGS, a -> a.name("changes").getter(MessageItem::changes).setter(Builder::changes))
                    .build();

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().pk(pk).sk(sk).kind(kind).cause(cause).groupId(groupId).signupId(signupId).signupSk(signupSk)
                .createdAt(createdAt).expiresAt(expiresAt).emailStatus(emailStatus).emailPending(emailPending)
                .emailAttempts(emailAttempts).emailClaimedUntil(emailClaimedUntil).emailMessageId(emailMessageId)
                .emailError(emailError).confirmTokenHash(confirmTokenHash).withdrawTokenHash(withdrawTokenHash)
                .meetingStart(meetingStart).changes(changes);
    }

    public boolean isExpired(long nowEpochSeconds) {
        return expiresAt != null && expiresAt <= nowEpochSeconds;
    }

    @Override
    public String toString() {
        return "MessageItem[kind=" + kind + ", signupId=" + signupId + ", emailStatus=" + emailStatus + "]";
    }

    public static final class Builder {
        private String pk;
        private String sk;
        private String kind;
        private String cause;
        private String groupId;
        private String signupId;
        private String signupSk;
        private String createdAt;
        private Long expiresAt;
        private String emailStatus;
        private String emailPending;
        private Integer emailAttempts;
        private Long emailClaimedUntil;
        private String emailMessageId;
        private String emailError;
        private String confirmTokenHash;
        private String withdrawTokenHash;
        private String meetingStart;
        private List<String> changes;

        public Builder pk(String v) { pk = v; return this; }
        public Builder sk(String v) { sk = v; return this; }
        public Builder kind(String v) { kind = v; return this; }
        public Builder cause(String v) { cause = v; return this; }
        public Builder groupId(String v) { groupId = v; return this; }
        public Builder signupId(String v) { signupId = v; return this; }
        public Builder signupSk(String v) { signupSk = v; return this; }
        public Builder createdAt(String v) { createdAt = v; return this; }
        public Builder expiresAt(Long v) { expiresAt = v; return this; }
        public Builder emailStatus(String v) { emailStatus = v; return this; }
        public Builder emailPending(String v) { emailPending = v; return this; }
        public Builder emailAttempts(Integer v) { emailAttempts = v; return this; }
        public Builder emailClaimedUntil(Long v) { emailClaimedUntil = v; return this; }
        public Builder emailMessageId(String v) { emailMessageId = v; return this; }
        public Builder emailError(String v) { emailError = v; return this; }
        public Builder confirmTokenHash(String v) { confirmTokenHash = v; return this; }
        public Builder withdrawTokenHash(String v) { withdrawTokenHash = v; return this; }
        public Builder meetingStart(String v) { meetingStart = v; return this; }
        public Builder changes(List<String> v) { changes = v; return this; }

        public MessageItem build() {
            return new MessageItem(pk, sk, kind, cause, groupId, signupId, signupSk, createdAt, expiresAt, emailStatus,
                    emailPending, emailAttempts, emailClaimedUntil, emailMessageId, emailError, confirmTokenHash,
                    withdrawTokenHash, meetingStart, changes);
        }
    }
}
