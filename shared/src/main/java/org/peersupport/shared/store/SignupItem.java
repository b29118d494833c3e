package org.peersupport.shared.store;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.secondaryPartitionKey;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/**
 * A stored sign-up (see {@link SignupKeys} for the keys and indexes). Holds personal data: it is
 * written by create-signup and confirm-signup, read by the mailer, withdraw, export and erase
 * functions, and never logged. Every reader must skip items whose {@code expiresAt} has passed,
 * since DynamoDB's TTL deletes lazily. Its emails are {@link MessageItem}s of their own.
 *
 * @param createdAt        ISO-8601 instant, UTC
 * @param expiresAt        epoch seconds; the table's TTL attribute: 72 hours after the request while
 *                         {@code unconfirmed}, then createdAt + RetentionDays
 * @param email            the canonical address ({@link org.peersupport.shared.privacy.EmailAddress})
 * @param phone            E.164, or null
 * @param status           {@link org.peersupport.shared.model.SignupStatus}
 * @param confirmedAt      ISO-8601 instant of the confirm step, or null
 * @param messageCount     how many messages have been queued for it ({@link MessageQueue})
 * @param lastConfirmRequestAt epoch seconds of the last confirm request queued (repeats wait an hour)
 * @param lastDetailsAt    epoch seconds of the last details email queued (repeats wait a day)
 * @param emailStatus      where its latest details email stands (the export's column)
 * @param emailError       a reason code when that email was undeliverable (never SES's text)
 * @param placedAt         ISO-8601 instant a waitlisted sign-up was given a place (its reminder counts from then)
 * @param reminder         what became of its reminder ({@code queued}, {@code none}, {@code missed}); absent until decided
 * @param bouncedAt        epoch seconds SES reported a hard bounce (or a complaint) for the address: no message
 *                         is sent to it again
 */
public record SignupItem(String pk, String sk, String signupId, String groupId, String emailKey, String createdAt,
                         Long expiresAt, String firstName, String email, String phone, String forWhom, String language,
                         String status, String emergencyContactName, String emergencyContactPhone, String confirmedAt,
                         Integer messageCount, Long lastConfirmRequestAt, Long lastDetailsAt, String emailStatus,
                         String emailError, String placedAt, String reminder, Long bouncedAt) {

    public static final TableSchema<SignupItem> SCHEMA =
            StaticImmutableTableSchema.builder(SignupItem.class, Builder.class)
                    .newItemBuilder(Builder::new, Builder::build)
                    .addAttribute(String.class, a -> a.name("pk").getter(SignupItem::pk)
                            .setter(Builder::pk).tags(primaryPartitionKey()))
                    .addAttribute(String.class, a -> a.name("sk").getter(SignupItem::sk)
                            .setter(Builder::sk).tags(primarySortKey()))
                    .addAttribute(String.class, a -> a.name("signupId").getter(SignupItem::signupId)
                            .setter(Builder::signupId))
                    .addAttribute(String.class, a -> a.name("groupId").getter(SignupItem::groupId)
                            .setter(Builder::groupId))
                    .addAttribute(String.class, a -> a.name("emailKey").getter(SignupItem::emailKey)
                            .setter(Builder::emailKey).tags(secondaryPartitionKey(SignupKeys.BY_EMAIL_KEY)))
                    .addAttribute(String.class, a -> a.name("createdAt").getter(SignupItem::createdAt)
                            .setter(Builder::createdAt))
                    .addAttribute(Long.class, a -> a.name("expiresAt").getter(SignupItem::expiresAt)
                            .setter(Builder::expiresAt))
                    .addAttribute(String.class, a -> a.name("firstName").getter(SignupItem::firstName)
                            .setter(Builder::firstName))
                    .addAttribute(String.class, a -> a.name("email").getter(SignupItem::email).setter(Builder::email))
                    .addAttribute(String.class, a -> a.name("phone").getter(SignupItem::phone).setter(Builder::phone))
                    .addAttribute(String.class, a -> a.name("forWhom").getter(SignupItem::forWhom)
                            .setter(Builder::forWhom))
                    .addAttribute(String.class, a -> a.name("language").getter(SignupItem::language)
                            .setter(Builder::language))
                    .addAttribute(String.class, a -> a.name("status").getter(SignupItem::status)
                            .setter(Builder::status))
                    .addAttribute(String.class, a -> a.name("emergencyContactName").getter(SignupItem::emergencyContactName)
                            .setter(Builder::emergencyContactName))
                    .addAttribute(String.class, a -> a.name("emergencyContactPhone").getter(SignupItem::emergencyContactPhone)
                            .setter(Builder::emergencyContactPhone))
                    .addAttribute(String.class, a -> a.name("confirmedAt").getter(SignupItem::confirmedAt)
                            .setter(Builder::confirmedAt))
                    .addAttribute(Integer.class, a -> a.name("messageCount").getter(SignupItem::messageCount)
                            .setter(Builder::messageCount))
                    .addAttribute(Long.class, a -> a.name("lastConfirmRequestAt").getter(SignupItem::lastConfirmRequestAt)
                            .setter(Builder::lastConfirmRequestAt))
                    .addAttribute(Long.class, a -> a.name("lastDetailsAt").getter(SignupItem::lastDetailsAt)
                            .setter(Builder::lastDetailsAt))
                    .addAttribute(String.class, a -> a.name("emailStatus").getter(SignupItem::emailStatus)
                            .setter(Builder::emailStatus))
                    .addAttribute(String.class, a -> a.name("emailError").getter(SignupItem::emailError)
                            .setter(Builder::emailError))
                    .addAttribute(String.class, a -> a.name("placedAt").getter(SignupItem::placedAt)
                            .setter(Builder::placedAt))
                    .addAttribute(String.class, a -> a.name("reminder").getter(SignupItem::reminder)
                            .setter(Builder::reminder))
                    .addAttribute(Long.class, a -> a.name("bouncedAt").getter(SignupItem::bouncedAt)
                            .setter(Builder::bouncedAt))
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
                .confirmedAt(confirmedAt).messageCount(messageCount).lastConfirmRequestAt(lastConfirmRequestAt)
                .lastDetailsAt(lastDetailsAt).emailStatus(emailStatus).emailError(emailError).placedAt(placedAt)
                .reminder(reminder).bouncedAt(bouncedAt);
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
        private String confirmedAt;
        private Integer messageCount;
        private Long lastConfirmRequestAt;
        private Long lastDetailsAt;
        private String emailStatus;
        private String emailError;
        private String placedAt;
        private String reminder;
        private Long bouncedAt;

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
        public Builder confirmedAt(String v) { confirmedAt = v; return this; }
        public Builder messageCount(Integer v) { messageCount = v; return this; }
        public Builder lastConfirmRequestAt(Long v) { lastConfirmRequestAt = v; return this; }
        public Builder lastDetailsAt(Long v) { lastDetailsAt = v; return this; }
        public Builder emailStatus(String v) { emailStatus = v; return this; }
        public Builder emailError(String v) { emailError = v; return this; }
        public Builder placedAt(String v) { placedAt = v; return this; }
        public Builder reminder(String v) { reminder = v; return this; }
        public Builder bouncedAt(Long v) { bouncedAt = v; return this; }

        public SignupItem build() {
            return new SignupItem(pk, sk, signupId, groupId, emailKey, createdAt, expiresAt, firstName, email, phone,
                    forWhom, language, status, emergencyContactName, emergencyContactPhone, confirmedAt, messageCount,
                    lastConfirmRequestAt, lastDetailsAt, emailStatus, emailError, placedAt, reminder, bouncedAt);
        }
    }
}
