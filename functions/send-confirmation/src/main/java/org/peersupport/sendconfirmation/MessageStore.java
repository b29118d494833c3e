package org.peersupport.sendconfirmation;

import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.SignupItem;

/**
 * The mailer's view of the Signups table: read a message and its sign-up, and move the message
 * through the claim protocol. Every change after the claim is conditional on the claim still being
 * this mailer's, which the hash of the token in its link identifies (a fresh token is made for
 * every claim, stored in the kind's own attribute: {@link MessageKind#tokenAttribute()}).
 */
public interface MessageStore {
    /** The message (strongly consistent), or null if there is none. */
    MessageItem get(MessageKey key);

    /** The sign-up a message belongs to (strongly consistent), or null if it is gone. */
    SignupItem signup(MessageItem message);

    /**
     * Claims the sending of a pending message until {@code leaseUntil} (epoch seconds) and stores
     * the hash of the token its link will carry.
     *
     * @return false if it is no longer pending, is claimed by another mailer, has expired or is gone
     */
    boolean claim(MessageKey key, MessageKind kind, String tokenHash, long nowEpochSeconds, long leaseUntil);

    /** Records that SES accepted the email; false if the claim was lost or the message deleted. */
    boolean markSent(MessageKey key, MessageKind kind, String tokenHash, String messageId);

    /** Records that the email can never be delivered, with a reason code. */
    boolean markUndeliverable(MessageKey key, MessageKind kind, String tokenHash, String reason);

    /** Takes an unclaimed pending message off the queue for good: its sign-up no longer wants it. */
    boolean cancel(MessageKey key, long nowEpochSeconds);

    /**
     * Gives the claim back: at once ({@code notBefore} null), or not before {@code notBefore}
     * (epoch seconds), so a message that keeps failing is not retried on every sweep.
     */
    void release(MessageKey key, MessageKind kind, String tokenHash, Long notBefore);

    /** Notes on the sign-up itself where its latest details email stands (the export shows it); no-op if it is gone. */
    void recordOnSignup(SignupItem signup, EmailStatus status, String reason);

    /** Keys of pending messages, created at or before {@code createdAtOrBefore}, oldest first. */
    Iterable<MessageKey> pendingOldestFirst(String createdAtOrBefore);
}
