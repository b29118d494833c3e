package org.peersupport.sendconfirmation;

import java.net.IDN;
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
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.shared.store.SignupItem;

/**
 * Sends one sign-up's confirmation email at most once, whichever trigger asks and however often.
 *
 * <ol>
 * <li>Read the sign-up (consistent read). Nothing to do if it is gone (withdrawn), expired (TTL
 *     deletes lazily), no longer pending, or claimed by another mailer whose lease is running.</li>
 * <li>Claim it with a conditional update: still pending, no live claim. The claim sets a lease
 *     ({@link #LEASE_SECONDS}), counts the attempt and stores the hash of a fresh withdraw token;
 *     the token itself goes only into this email.</li>
 * <li>Render and send. SES's message id is then recorded with the sign-up marked sent, on
 *     condition that the claim is still this one.</li>
 * <li>A permanent refusal marks it undeliverable with a reason code. SES being unavailable gives
 *     the claim back at once (or lets the lease run out, when SES may have taken the message);
 *     any other failure gives it back at once from the stream, so the stream's retries are real,
 *     or after a growing delay from the sweep, so a sign-up that cannot be sent does not crowd
 *     out the others.</li>
 * </ol>
 *
 * <p>The one window left: SES accepts the message but the mailer never records it (the function
 * dies or times out between the two, SES's answer is lost, or the "sent" update fails). When the
 * lease lapses, the sweep sends a second email, whose new withdraw link replaces the first's.
 */
public final class ConfirmationMailer {
    /** Longer than the function's timeout: a claim outlives any invocation that made it. */
    public static final long LEASE_SECONDS = 180;
    /** The most a failing sign-up waits between sweeps' attempts. */
    static final long MAX_BACKOFF_SECONDS = 3600;
    static final int NEXT_MEETINGS = 4;

    private final SignupStore store;
    private final GroupDirectory directory;
    private final EmailSender sender;
    private final ConfirmationRenderer renderer;
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

    /** What happened to one sign-up. */
    public enum Outcome {
        /** SES accepted the email. */
        SENT,
        /** Refused for good; the sign-up is marked undeliverable. */
        UNDELIVERABLE,
        /** Gone, expired or already settled. */
        NOTHING_TO_DO,
        /** Another mailer holds the claim, or a failing sign-up is waiting for its next try. */
        BUSY,
        /** SES could not take it now; it stays pending. */
        SES_UNAVAILABLE,
        /** Something else failed (a missing group, a bad item); it stays pending. */
        FAILED
    }

    public ConfirmationMailer(SignupStore store, GroupDirectory directory, EmailSender sender,
                              ConfirmationRenderer renderer, String orgName, String fromAddress, ZoneId orgZone,
                              Clock clock) {
        this.store = store;
        this.directory = directory;
        this.sender = sender;
        this.renderer = renderer;
        this.orgName = orgName;
        this.fromAddress = fromAddress;
        this.orgZone = orgZone;
        this.clock = clock;
    }

    /** Group look-ups shared by the sign-ups of one invocation. */
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

    public Outcome deliver(SignupKey key, Trigger trigger, Batch batch) {
        Instant now = clock.instant();
        long nowSeconds = now.getEpochSecond();
        SignupItem item = store.get(key);
        if (item == null || item.isExpired(nowSeconds) || !EmailStatus.PENDING.wire().equals(item.emailStatus())) {
            return Outcome.NOTHING_TO_DO;
        }
        if (item.emailClaimedUntil() != null && item.emailClaimedUntil() >= nowSeconds) {
            return Outcome.BUSY;
        }
        String token = PersonalKeys.newToken();
        String tokenHash = PersonalKeys.tokenHash(token);
        if (!store.claim(key, tokenHash, nowSeconds, nowSeconds + LEASE_SECONDS)) {
            return Outcome.BUSY;
        }
        int attempt = (item.emailAttempts() == null ? 0 : item.emailAttempts()) + 1;
        String signupId = item.signupId();
        byte[] message;
        String to;
        try {
            to = recipient(item.email());
            if (to == null) {
                return undeliverable(key, tokenHash, item, "address_invalid", trigger, attempt);
            }
            GroupDirectory.GroupView group = batch.group(item.groupId());
            if (group == null) {
                throw new IllegalStateException("the sign-up's group does not exist");
            }
            if (group.archived()) {
                return undeliverable(key, tokenHash, item, "group_archived", trigger, attempt);
            }
            List<Meeting> meetings = group.listing().schedule().nextMeetings(now, NEXT_MEETINGS, batch.closures(), orgZone);
            String language = ConfirmationRenderer.language(item.language());
            ConfirmationRenderer.Rendered rendered = renderer.render(new ConfirmationRenderer.Confirmation(language,
                    item.firstName(), SignupStatus.WAITLISTED.wire().equals(item.status()), group.listing(),
                    group.details(), meetings, token));
            message = RawEmail.write(new RawEmail.Content(orgName, fromAddress, to, rendered.subject(), language,
                    rendered.text(), rendered.html()), now.atZone(ZoneOffset.UTC));
        } catch (RuntimeException e) {
            return failed(key, tokenHash, item, e, trigger, attempt, nowSeconds);
        }

        String messageId;
        try {
            messageId = sender.send(to, message);
        } catch (EmailSender.Rejected e) {
            return undeliverable(key, tokenHash, item, e.reason(), trigger, attempt);
        } catch (EmailSender.Unavailable e) {
            Log.error("confirmation.ses_unavailable", e.getCause(), "signupId", signupId, "reason", e.reason(),
                    "trigger", trigger.wire, "attempt", attempt);
            if (!e.ambiguous()) {
                releaseQuietly(key, tokenHash, null, signupId);
            }
            return Outcome.SES_UNAVAILABLE;
        } catch (RuntimeException e) {
            return failed(key, tokenHash, item, e, trigger, attempt, nowSeconds);
        }

        // From here on SES has the message: never give the claim back, or a retry would send again.
        try {
            if (store.markSent(key, tokenHash, messageId)) {
                Log.info("confirmation.sent", "signupId", signupId, "groupId", item.groupId(), "trigger", trigger.wire,
                        "attempt", attempt, "sesMessageId", messageId);
            } else {
                // Withdrawn while it was being sent, or the claim lapsed (see the class comment).
                Log.warn("confirmation.sent_not_recorded", "signupId", signupId, "trigger", trigger.wire,
                        "reason", "claim_lost", "sesMessageId", messageId);
            }
        } catch (RuntimeException e) {
            Log.error("confirmation.sent_not_recorded", e, "signupId", signupId, "trigger", trigger.wire,
                    "sesMessageId", messageId);
        }
        return Outcome.SENT;
    }

    private Outcome undeliverable(SignupKey key, String tokenHash, SignupItem item, String reason, Trigger trigger,
                                  int attempt) {
        store.markUndeliverable(key, tokenHash, reason);
        Log.warn("confirmation.undeliverable", "signupId", item.signupId(), "groupId", item.groupId(),
                "reason", reason, "trigger", trigger.wire, "attempt", attempt);
        return Outcome.UNDELIVERABLE;
    }

    private Outcome failed(SignupKey key, String tokenHash, SignupItem item, RuntimeException e, Trigger trigger,
                           int attempt, long nowSeconds) {
        Log.error("confirmation.failed", e, "signupId", item.signupId(), "groupId", item.groupId(),
                "trigger", trigger.wire, "attempt", attempt);
        Long notBefore = trigger == Trigger.SWEEP ? nowSeconds + backoffSeconds(attempt) : null;
        releaseQuietly(key, tokenHash, notBefore, item.signupId());
        return Outcome.FAILED;
    }

    private void releaseQuietly(SignupKey key, String tokenHash, Long notBefore, String signupId) {
        try {
            store.release(key, tokenHash, notBefore);
        } catch (RuntimeException e) {
            // The lease runs out on its own.
            Log.error("confirmation.release_failed", e, "signupId", signupId);
        }
    }

    /** 2, 4, 8... minutes after the attempt, at most an hour. */
    static long backoffSeconds(int attempt) {
        return Math.min(MAX_BACKOFF_SECONDS, 60L << Math.min(Math.max(attempt, 1), 6));
    }

    /**
     * The address as it goes into the message: trimmed, the domain in its ASCII (punycode) form.
     * Null if it cannot be sent to as it is: a line break or control character, no single "@",
     * or a local part outside ASCII (SES does not send to those).
     */
    static String recipient(String email) {
        if (email == null) {
            return null;
        }
        String trimmed = email.strip();
        int at = trimmed.lastIndexOf('@');
        if (at <= 0 || at == trimmed.length() - 1 || trimmed.indexOf('@') != at) {
            return null;
        }
        String domain;
        try {
            domain = IDN.toASCII(trimmed.substring(at + 1), IDN.USE_STD3_ASCII_RULES);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String address = trimmed.substring(0, at) + "@" + domain;
        return RawEmail.isPlainAddress(address) ? address : null;
    }
}
