package org.peersupport.shared.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondarySortKey;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A stored sign-up (see {@link SignupKeys} for the keys and indexes). Holds personal data: it is
 * written only by create-signup, read by the mailer, withdraw, export and erase functions, and
 * never logged. Every reader must skip items whose {@code expiresAt} has passed, since DynamoDB's
 * TTL deletes lazily.
 *
 * @param createdAt        ISO-8601 instant, UTC
 * @param expiresAt        epoch seconds; the table's TTL attribute (createdAt + RetentionDays)
 * @param phone            E.164, or null
 * @param emailPending     {@link SignupKeys#PENDING} while the email is pending, else absent
 * @param emailClaimedUntil epoch seconds until which one mailer owns the send (see send-confirmation)
 * @param emailMessageId   SES message id once sent
 * @param emailError       a reason code when undeliverable (never SES's message text)
 * @param withdrawTokenHash base64url SHA-256 of the withdraw token the email carries
 */
public record SignupItem(String pk, String sk, String signupId, String groupId, String emailKey, String createdAt,
                         Long expiresAt, String firstName, String email, String phone, String forWhom, String language,
                         String status, String emergencyContactName, String emergencyContactPhone, String emailStatus,
                         String emailPending, Integer emailAttempts, Long emailClaimedUntil, String emailMessageId,
                         String emailError, String withdrawTokenHash) {

    public static final TableSchema<SignupItem> SCHEMA =
            StaticImmutableTableSchema.builder(SignupItem.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("pk").getter(SignupItem::pk).setter(Builder::pk)
                            .tags(primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("sk").getter(SignupItem::sk).setter(Builder::sk)
                            .tags(primarySortKey()))
                    .addAttribute(String.class, a -> a.name("signupId").getter(SignupItem::signupId).setter(Builder::signupId))
                    .addAttribute(String.class, a -> a.name("groupId").getter(SignupItem::groupId).setter(Builder::groupId))
                    .addAttribute(String.class, a -> a.name("emailKey").getter(SignupItem::emailKey).setter(Builder::emailKey)
                            .tags(secondaryPartitionKey(SignupKeys.BY_EMAIL_KEY)))
                    .addAttribute(String.class, a -> a.name("createdAt").getter(SignupItem::createdAt).setter(Builder::createdAt)
                            .tags(secondarySortKey(SignupKeys.PENDING_EMAIL)))
                    .addAttribute(Long.class, a -> a.name("expiresAt").getter(SignupItem::expiresAt).setter(Builder::expiresAt))
                    .addAttribute(String.class, a -> a.name("firstName").getter(SignupItem::firstName).setter(Builder::firstName))
                    .addAttribute(String.class, a -> a.name("email").getter(SignupItem::email).setter(Builder::email))
                    .addAttribute(String.class, a -> a.name("phone").getter(SignupItem::phone).setter(Builder::phone))
                    .addAttribute(String.class, a -> a.name("forWhom").getter(SignupItem::forWhom).setter(Builder::forWhom))
                    .addAttribute(String.class, a -> a.name("language").getter(SignupItem::language).setter(Builder::language))
                    .addAttribute(String.class, a -> a.name("status").getter(SignupItem::status).setter(Builder::status))
                    .addAttribute(String.class, a -> a.name("emergencyContactName").getter(SignupItem::emergencyContactName)
                            .setter(Builder::emergencyContactName))
                    .addAttribute(String.class, a -> a.name("emergencyContactPhone").getter(SignupItem::emergencyContactPhone)
                            .setter(Builder::emergencyContactPhone))
                    .addAttribute(String.class, a -> a.name("emailStatus").getter(SignupItem::emailStatus)
                            .setter(Builder::emailStatus))
                    .addAttribute(String.class, a -> a.name("emailPending").getter(SignupItem::emailPending)
                            .setter(Builder::emailPending).tags(secondaryPartitionKey(SignupKeys.PENDING_EMAIL)))
                    .addAttribute(Integer.class, a -> a.name("emailAttempts").getter(SignupItem::emailAttempts)
                            .setter(Builder::emailAttempts))
                    .addAttribute(Long.class, a -> a.name("emailClaimedUntil").getter(SignupItem::emailClaimedUntil)
                            .setter(Builder::emailClaimedUntil))
                    .addAttribute(String.class, a -> a.name("emailMessageId").getter(SignupItem::emailMessageId)
                            .setter(Builder::emailMessageId))
                    .addAttribute(String.class, a -> a.name("emailError").getter(SignupItem::emailError)
                            .setter(Builder::emailError))
                    .addAttribute(String.class, a -> a.name("withdrawTokenHash").getter(SignupItem::withdrawTokenHash)
                            .setter(Builder::withdrawTokenHash).tags(secondaryPartitionKey(SignupKeys.BY_WITHDRAW_TOKEN)))
                    .build();

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@code createdAt}'s form: ISO-8601 in UTC with milliseconds, always the same width, so that
     * text order (the PendingEmail index's sort key, export ranges, waitlist order) is time order.
     * ({@code Instant.toString()} drops zero fractions, and "…:05Z" sorts after "…:05.120Z".)
     */
    public static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    /** A builder holding this item's values, to change some. */
    public Builder toBuilder() {
        return new Builder().pk(pk).sk(sk).signupId(signupId).groupId(groupId).emailKey(emailKey).createdAt(createdAt)
                .expiresAt(expiresAt).firstName(firstName).email(email).phone(phone).forWhom(forWhom).language(language)
                .status(status).emergencyContactName(emergencyContactName).emergencyContactPhone(emergencyContactPhone)
                .emailStatus(emailStatus).emailPending(emailPending).emailAttempts(emailAttempts)
                .emailClaimedUntil(emailClaimedUntil).emailMessageId(emailMessageId).emailError(emailError)
                .withdrawTokenHash(withdrawTokenHash);
    }

    /** Whether the retention period has passed (TTL deletion may not have happened yet). */
    public boolean isExpired(long nowEpochSeconds) {
        return expiresAt != null && expiresAt <= nowEpochSeconds;
    }

    @Override
    public String toString() {
        // Never print personal data, even by accident in a debugger or an assertion message.
        return "SignupItem[signupId=" + signupId + ", groupId=" + groupId + ", status=" + status
                + ", emailStatus=" + emailStatus + "]";
    }

    public static final class Builder {
        private String pk;
        private String sk;
        private String signupId;
        private String groupId;
        private String emailKey;
        private String createdAt;
        private Long expiresAt;
        private String firstName;
        private String email;
        private String phone;
        private String forWhom;
        private String language;
        private String status;
        private String emergencyContactName;
        private String emergencyContactPhone;
        private String emailStatus;
        private String emailPending;
        private Integer emailAttempts;
        private Long emailClaimedUntil;
        private String emailMessageId;
        private String emailError;
        private String withdrawTokenHash;

        public Builder pk(String v) { pk = v; return this; }
        public Builder sk(String v) { sk = v; return this; }
        public Builder signupId(String v) { signupId = v; return this; }
        public Builder groupId(String v) { groupId = v; return this; }
        public Builder emailKey(String v) { emailKey = v; return this; }
        public Builder createdAt(String v) { createdAt = v; return this; }
        public Builder expiresAt(Long v) { expiresAt = v; return this; }
        public Builder firstName(String v) { firstName = v; return this; }
        public Builder email(String v) { email = v; return this; }
        public Builder phone(String v) { phone = v; return this; }
        public Builder forWhom(String v) { forWhom = v; return this; }
        public Builder language(String v) { language = v; return this; }
        public Builder status(String v) { status = v; return this; }
        public Builder emergencyContactName(String v) { emergencyContactName = v; return this; }
        public Builder emergencyContactPhone(String v) { emergencyContactPhone = v; return this; }
        public Builder emailStatus(String v) { emailStatus = v; return this; }
        public Builder emailPending(String v) { emailPending = v; return this; }
        public Builder emailAttempts(Integer v) { emailAttempts = v; return this; }
        public Builder emailClaimedUntil(Long v) { emailClaimedUntil = v; return this; }
        public Builder emailMessageId(String v) { emailMessageId = v; return this; }
        public Builder emailError(String v) { emailError = v; return this; }
        public Builder withdrawTokenHash(String v) { withdrawTokenHash = v; return this; }

        public SignupItem build() {
            return new SignupItem(pk, sk, signupId, groupId, emailKey, createdAt, expiresAt, firstName, email, phone,
                    forWhom, language, status, emergencyContactName, emergencyContactPhone, emailStatus, emailPending,
                    emailAttempts, emailClaimedUntil, emailMessageId, emailError, withdrawTokenHash);
        }
    }
}
