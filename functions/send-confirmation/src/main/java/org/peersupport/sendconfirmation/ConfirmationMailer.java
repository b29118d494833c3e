package org.peersupport.sendconfirmation;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peersupport.shared.Log;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.notices.MeetingChange;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.shared.schedule.Schedule;
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
 * <li>Read its sign-up. If the sign-up is gone (withdrawn, erased), expired, a newer one, its
 *     address bounced, or it no longer wants this kind (a confirm request for a sign-up already
 *     confirmed; a reminder whose meeting was cancelled, moved or has begun), the message is
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

        ZoneId orgZone() {
            return orgZone;
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
        String unwanted;
        try {
            unwanted = unwanted(kind, message, signup, now, batch);
        } catch (RuntimeException e) {
            Log.error("message.failed", e, "signupId", message.signupId(), "groupId", message.groupId(),
                    "kind", message.kind(), "trigger", trigger.wire);
            return Outcome.FAILED;
        }
        if (unwanted != null) {
            if (store.cancel(key, nowSeconds)) {
                Log.info("message.cancelled", "signupId", message.signupId(), "kind", message.kind(), "reason", unwanted,
                        "trigger", trigger.wire);
                if (BOUNCED.equals(unwanted) && recordsOnSignup(kind)) {
                    // A repeat sign-up queued it (and marked it pending): the export says why nothing went.
                    store.recordOnSignup(signup, EmailStatus.UNDELIVERABLE, BOUNCED);
                }
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
            ConfirmationRenderer.Rendered rendered = render(kind, message, signup, token, now, batch);
            raw = RawEmail.write(new RawEmail.Content(orgName, fromAddress, to, rendered.subject(), language,
                    rendered.text(), rendered.html(), rendered.calendar()), now.atZone(ZoneOffset.UTC));
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
                if (recordsOnSignup(kind)) {
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

    /** The reason a message is cancelled when its sign-up's address bounced or was complained about. */
    static final String BOUNCED = "bounced";

    /** Whether this kind's state is the sign-up's own in the export (what tells them where and how to join). */
    private static boolean recordsOnSignup(MessageKind kind) {
        return kind == MessageKind.DETAILS || kind == MessageKind.PLACE_OPENED;
    }

    /**
     * Why the sign-up no longer wants this message, or null when it does: a confirm request only
     * while unconfirmed; the details email and change notices while confirmed or waitlisted; a
     * reminder and a place-opened notice only with a place, and a reminder only for its meeting
     * as still scheduled and not yet begun, in a group that still meets.
     */
    private static String unwanted(MessageKind kind, MessageItem message, SignupItem signup, Instant now, Batch batch) {
        if (kind == null) {
            return "unknown_kind";
        }
        if (signup == null || signup.isExpired(now.getEpochSecond()) || !signup.signupId().equals(message.signupId())) {
            return "signup_gone";
        }
        if (signup.bouncedAt() != null) {
            return BOUNCED;
        }
        SignupStatus status = SignupStatus.of(signup.status());
        boolean wanted = switch (kind) {
            case CONFIRM_REQUEST -> status == SignupStatus.UNCONFIRMED;
            case DETAILS, CHANGE_NOTICE -> status != null && status.isConfirmedByOwner();
            case REMINDER, PLACE_OPENED -> status == SignupStatus.CONFIRMED;
        };
        if (!wanted) {
            return "signup_" + signup.status();
        }
        if (kind == MessageKind.REMINDER || kind == MessageKind.PLACE_OPENED) {
            GroupDirectory.GroupView group = batch.group(signup.groupId());
            if (group == null) {
                throw new IllegalStateException("the sign-up's group does not exist");
            }
            if (group.archived() || group.listing().status() == GroupStatus.PAUSED) {
                return "group_not_meeting";
            }
            if (kind == MessageKind.REMINDER) {
                return reminded(message, group, now, batch) == null ? "meeting_changed" : null;
            }
        }
        return null;
    }

    /**
     * The meeting a reminder is for, as the group's schedule still has it and not yet begun; null
     * when it was cancelled, moved or has begun (the person was told of a change separately).
     */
    private static Meeting reminded(MessageItem message, GroupDirectory.GroupView group, Instant now, Batch batch) {
        if (message.meetingStart() == null) {
            return null;
        }
        OffsetDateTime start = OffsetDateTime.parse(message.meetingStart());
        if (!start.toInstant().isAfter(now)) {
            return null;
        }
        Schedule schedule = group.listing().schedule();
        LocalDate date = start.atZoneSameInstant(schedule.timezone()).toLocalDate();
        if (!schedule.rule().occursOn(date, schedule.startDate())) {
            return null;
        }
        Meeting meeting = schedule.meetingOn(date);
        boolean same = meeting.start().toInstant().equals(start.toInstant());
        return same && !schedule.isSkipped(date, meeting, batch.closures(), batch.orgZone()) ? meeting : null;
    }

    /** What the email of this kind says, for this sign-up, with this token in its link. */
    private ConfirmationRenderer.Rendered render(MessageKind kind, MessageItem message, SignupItem signup, String token,
                                                 Instant now, Batch batch) throws Undeliverable {
        if (kind == MessageKind.CONFIRM_REQUEST) {
            return confirmRequests.render(signup.language(), token);
        }
        GroupDirectory.GroupView group = batch.group(signup.groupId());
        if (group == null) {
            throw new IllegalStateException("the sign-up's group does not exist");
        }
        // A change notice tells of the group ending too; every other kind is for a group that still meets.
        if (group.archived() && kind != MessageKind.CHANGE_NOTICE) {
            throw new Undeliverable("group_archived");
        }
        List<Meeting> meetings = group.listing().schedule().nextMeetings(now, NEXT_MEETINGS, batch.closures(), orgZone);
        ConfirmationRenderer.About about = switch (kind) {
            case REMINDER -> new ConfirmationRenderer.About(reminded(message, group, now, batch), List.of());
            case CHANGE_NOTICE -> new ConfirmationRenderer.About(null, MeetingChange.parse(message.changes()));
            default -> ConfirmationRenderer.About.NOTHING;
        };
        ConfirmationRenderer.Confirmation confirmation = new ConfirmationRenderer.Confirmation(
                ConfirmationRenderer.language(signup.language()), signup.firstName(),
                SignupStatus.WAITLISTED.wire().equals(signup.status()), group.listing(), group.details(), meetings, token);
        return details.render(kind, confirmation, about).withCalendar(details.calendar(kind, confirmation, now));
    }

    /** One claimed message on its way. */
    private record Sending(MessageKey key, MessageKind kind, String tokenHash, MessageItem message, SignupItem signup,
                           Trigger trigger, int attempt) {
    }

    private Outcome undeliverable(Sending s, String reason) {
        store.markUndeliverable(s.key(), s.kind(), s.tokenHash(), reason);
        if (recordsOnSignup(s.kind())) {
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
