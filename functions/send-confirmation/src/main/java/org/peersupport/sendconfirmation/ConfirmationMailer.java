package org.peersupport.sendconfirmation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.SignupItem;

/**
 * Sends one queued message ({@link MessageItem}) at most once, whichever trigger asks and however
 * often. Every kind of message goes through the same steps; what differs by kind is only whether
 * the sign-up still wants it and what it says ({@link #render}).
 *
 * <ol>
 * <li>Read the message (consistent read). Nothing to do if it is gone, expired, no longer pending,
 *     or claimed by another mailer whose lease is running.</li>
 * <li>Read its sign-up. If the sign-up is gone (withdrawn, erased), expired, a newer one, or no
 *     longer wants this kind (a confirm request for a sign-up already confirmed), the message is
 *     cancelled: nothing is sent.</li>
 * <li>Claim it with a conditional update: still pending, no live claim. The claim sets a lease
 *     ({@link #LEASE_SECONDS}), counts the attempt and stores the hash of a fresh token for the
 *     link the email carries (confirm or withdraw); the token itself goes only into this email.</li>
 * <li>Render and send to the sign-up's stored address, which is already canonical. SES's message
 *     id is then recorded with the message marked sent, on condition that the claim is still this
 *     one; a details email's state is noted on the sign-up too, for the export.</li>
 * <li>A permanent refusal marks it undeliverable with a reason code. SES being unavailable gives
 *     the claim back at once (or lets the lease run out, when SES may have taken the message);
 *     any other failure gives it back at once from the stream, so the stream's retries are real,
 *     or after a growing delay from the sweep, so a message that cannot be sent does not crowd
 *     out the others.</li>
 * </ol>
 *
 * <p>The one window left: SES accepts the message but the mailer never records it (the function
 * dies or times out between the two, SES's answer is lost, or the "sent" update fails). When the
 * lease lapses, the sweep sends a second email, whose new link works as well as the first's.
 */
public final class ConfirmationMailer {
    /** Longer than the function's timeout: a claim outlives any invocation that made it. */
    public static final long LEASE_SECONDS = 180;
    /** The most a failing message waits between sweeps' attempts. */
    static final long MAX_BACKOFF_SECONDS = 3600;
    static final int NEXT_MEETINGS = 4;

    private final MessageStore store;
    private final GroupDirectory directory;
    private final EmailSender sender;
    private final ConfirmationRenderer details;
    private final ConfirmRequestRenderer confirmRequests;
    private final String orgName;
    private final String fromAddress;
    private final ZoneId orgZone;
    private final Clock clock;

    /** Why the mailer was asked. */
    public enum Trigger {
        STREAM("stream"), SWEEP("sweep");

        private final String wire;

        Trigger(String wire) {
            this.wire = wire;
        }
    }

    /** What happened to one message. */
    public enum Outcome {
        /** SES accepted the email. */
        SENT,
        /** Refused for good; the message is marked undeliverable. */
        UNDELIVERABLE,
        /** Gone, expired, already settled, or no longer wanted by its sign-up (cancelled). */
        NOTHING_TO_DO,
        /** Another mailer holds the claim, or a failing message is waiting for its next try. */
        BUSY,
        /** SES could not take it now; it stays pending. */
        SES_UNAVAILABLE,
        /** Something else failed (a missing group, a bad item); it stays pending. */
        FAILED
    }

    public ConfirmationMailer(MessageStore store, GroupDirectory directory, EmailSender sender,
                              ConfirmationRenderer details, ConfirmRequestRenderer confirmRequests, String orgName,
                              String fromAddress, ZoneId orgZone, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.sender = sender;
        this.details = details;
        this.confirmRequests = confirmRequests;
        this.orgName = orgName;
        this.fromAddress = fromAddress;
        this.orgZone = orgZone;
        this.clock = clock;
    }

    /** Group look-ups shared by the messages of one invocation. */
    public Batch batch() {
        return new Batch();
    }

    /** Reads each group and the closures at most once per invocation. */
    public final class Batch {
        private final Map<String, GroupDirectory.GroupView> groups = new HashMap<>();
        private Set<LocalDate> closures;

        GroupDirectory.GroupView group(String id) {
            if (!groups.containsKey(id)) {
                groups.put(id, directory.group(id));
            }
            return groups.get(id);
        }

        Set<LocalDate> closures() {
            if (closures == null) {
                closures = directory.closures();
            }
            return closures;
        }
    }

    /** Why a failure happened where it did: the message could not be rendered for this reason. */
    private static final class Undeliverable extends Exception {
        private final String reason;

        Undeliverable(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }
    }

    public Outcome deliver(MessageKey key, Trigger trigger, Batch batch) {
        Instant now = clock.instant();
        long nowSeconds = now.getEpochSecond();
        MessageItem message = store.get(key);
        if (message == null || message.isExpired(nowSeconds) || !EmailStatus.PENDING.wire().equals(message.emailStatus())) {
            return Outcome.NOTHING_TO_DO;
        }
        if (message.emailClaimedUntil() != null && message.emailClaimedUntil() >= nowSeconds) {
            return Outcome.BUSY;
        }
        MessageKind kind = MessageKind.of(message.kind());
        SignupItem signup = store.signup(message);
        String unwanted = unwanted(kind, message, signup, nowSeconds);
        if (unwanted != null) {
            if (store.cancel(key, nowSeconds)) {
                Log.info("message.cancelled", "signupId", message.signupId(), "kind", message.kind(), "reason", unwanted,
                        "trigger", trigger.wire);
            }
            return Outcome.NOTHING_TO_DO;
        }
        String token = PersonalKeys.newToken();
        String tokenHash = PersonalKeys.tokenHash(token);
        if (!store.claim(key, kind, tokenHash, nowSeconds, nowSeconds + LEASE_SECONDS)) {
            return Outcome.BUSY;
        }
        Sending sending = new Sending(key, kind, tokenHash, message, signup, trigger,
                (message.emailAttempts() == null ? 0 : message.emailAttempts()) + 1);
        byte[] raw;
        String to;
        try {
            to = recipient(signup.email());
            if (to == null) {
                return undeliverable(sending, "address_invalid");
            }
            String language = ConfirmationRenderer.language(signup.language());
            ConfirmationRenderer.Rendered rendered = render(kind, signup, token, now, batch);
            raw = RawEmail.write(new RawEmail.Content(orgName, fromAddress, to, rendered.subject(), language,
                    rendered.text(), rendered.html()), now.atZone(ZoneOffset.UTC));
        } catch (Undeliverable e) {
            return undeliverable(sending, e.reason);
        } catch (RuntimeException e) {
            return failed(sending, e, nowSeconds);
        }

        String messageId;
        try {
            messageId = sender.send(to, raw);
        } catch (EmailSender.Rejected e) {
            return undeliverable(sending, e.reason());
        } catch (EmailSender.Unavailable e) {
            Log.error("message.ses_unavailable", e.getCause(), "signupId", message.signupId(), "kind", message.kind(),
                    "reason", e.reason(), "trigger", trigger.wire, "attempt", sending.attempt);
            if (!e.ambiguous()) {
                releaseQuietly(sending, null);
            }
            return Outcome.SES_UNAVAILABLE;
        } catch (RuntimeException e) {
            return failed(sending, e, nowSeconds);
        }

        // From here on SES has the message: never give the claim back, or a retry would send again.
        try {
            if (store.markSent(key, kind, tokenHash, messageId)) {
                Log.info("message.sent", "signupId", message.signupId(), "groupId", message.groupId(),
                        "kind", message.kind(), "cause", message.cause(), "trigger", trigger.wire,
                        "attempt", sending.attempt, "sesMessageId", messageId);
                if (kind == MessageKind.DETAILS) {
                    store.recordOnSignup(signup, EmailStatus.SENT, null);
                }
            } else {
                // Withdrawn while it was being sent, or the claim lapsed (see the class comment).
                Log.warn("message.sent_not_recorded", "signupId", message.signupId(), "trigger", trigger.wire,
                        "reason", "claim_lost", "sesMessageId", messageId);
            }
        } catch (RuntimeException e) {
            Log.error("message.sent_not_recorded", e, "signupId", message.signupId(), "trigger", trigger.wire,
                    "sesMessageId", messageId);
        }
        return Outcome.SENT;
    }

    /** Why the sign-up no longer wants this message, or null when it does. */
    private static String unwanted(MessageKind kind, MessageItem message, SignupItem signup, long nowSeconds) {
        if (kind == null) {
            return "unknown_kind";
        }
        if (signup == null || signup.isExpired(nowSeconds) || !signup.signupId().equals(message.signupId())) {
            return "signup_gone";
        }
        SignupStatus status = SignupStatus.of(signup.status());
        boolean wanted = kind == MessageKind.CONFIRM_REQUEST ? status == SignupStatus.UNCONFIRMED
                : status != null && status.isConfirmedByOwner();
        return wanted ? null : "signup_" + signup.status();
    }

    /** What the email of this kind says, for this sign-up, with this token in its link. */
    private ConfirmationRenderer.Rendered render(MessageKind kind, SignupItem signup, String token, Instant now,
                                                 Batch batch) throws Undeliverable {
        if (kind == MessageKind.CONFIRM_REQUEST) {
            return confirmRequests.render(signup.language(), token);
        }
        GroupDirectory.GroupView group = batch.group(signup.groupId());
        if (group == null) {
            throw new IllegalStateException("the sign-up's group does not exist");
        }
        if (group.archived()) {
            throw new Undeliverable("group_archived");
        }
        List<Meeting> meetings = group.listing().schedule().nextMeetings(now, NEXT_MEETINGS, batch.closures(), orgZone);
        return details.render(new ConfirmationRenderer.Confirmation(ConfirmationRenderer.language(signup.language()),
                signup.firstName(), SignupStatus.WAITLISTED.wire().equals(signup.status()), group.listing(),
                group.details(), meetings, token));
    }

    /** One claimed message on its way. */
    private record Sending(MessageKey key, MessageKind kind, String tokenHash, MessageItem message, SignupItem signup,
                           Trigger trigger, int attempt) {
    }

    private Outcome undeliverable(Sending s, String reason) {
        store.markUndeliverable(s.key(), s.kind(), s.tokenHash(), reason);
        if (s.kind() == MessageKind.DETAILS) {
            store.recordOnSignup(s.signup(), EmailStatus.UNDELIVERABLE, reason);
        }
        Log.warn("message.undeliverable", "signupId", s.message().signupId(), "groupId", s.message().groupId(),
                "kind", s.message().kind(), "reason", reason, "trigger", s.trigger().wire, "attempt", s.attempt());
        return Outcome.UNDELIVERABLE;
    }

    private Outcome failed(Sending s, RuntimeException e, long nowSeconds) {
        Log.error("message.failed", e, "signupId", s.message().signupId(), "groupId", s.message().groupId(),
                "kind", s.message().kind(), "trigger", s.trigger().wire, "attempt", s.attempt());
        releaseQuietly(s, s.trigger() == Trigger.SWEEP ? nowSeconds + backoffSeconds(s.attempt()) : null);
        return Outcome.FAILED;
    }

    private void releaseQuietly(Sending s, Long notBefore) {
        try {
            store.release(s.key(), s.kind(), s.tokenHash(), notBefore);
        } catch (RuntimeException e) {
            // The lease runs out on its own.
            Log.error("message.release_failed", e, "signupId", s.message().signupId());
        }
    }

    /** 2, 4, 8... minutes after the attempt, at most an hour. */
    static long backoffSeconds(int attempt) {
        return Math.min(MAX_BACKOFF_SECONDS, 60L << Math.min(Math.max(attempt, 1), 6));
    }

    /**
     * The address as it goes into the message: the stored one, which create-signup made canonical
     * (shared EmailAddress), exactly as stored. Null if it cannot go into a header and an SES
     * destination as it is (a sign-up stored before addresses were canonical may hold one).
     */
    static String recipient(String email) {
        return email != null && RawEmail.isPlainAddress(email) ? email : null;
    }
}
