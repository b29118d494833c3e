package org.peersupport.sendconfirmation;

import org.peersupport.shared.store.SignupItem;

/**
 * The mailer's view of the Signups table: read a sign-up, and move its email through the claim
 * protocol. Every change after the claim is conditional on the claim still being this mailer's,
 * which {@code withdrawTokenHash} identifies (a fresh token is made for every claim).
 */
public interface SignupStore {
    /** The sign-up (strongly consistent), or null if there is none. */
    SignupItem get(SignupKey key);

    /**
     * Claims the sending of a pending sign-up's email until {@code leaseUntil} (epoch seconds) and
     * stores the hash of the withdraw token the email will carry.
     *
     * @return false if it is no longer pending, is claimed by another mailer, has expired or is gone
     */
    boolean claim(SignupKey key, String tokenHash, long nowEpochSeconds, long leaseUntil);

    /** Records that SES accepted the email; false if the claim was lost or the sign-up withdrawn. */
    boolean markSent(SignupKey key, String tokenHash, String messageId);

    /** Records that the email can never be delivered, with a reason code. */
    boolean markUndeliverable(SignupKey key, String tokenHash, String reason);

    /**
     * Gives the claim back: at once ({@code notBefore} null), or not before {@code notBefore}
     * (epoch seconds), so a sign-up that keeps failing is not retried on every sweep.
     */
    void release(SignupKey key, String tokenHash, Long notBefore);

    /** Keys of sign-ups whose email is pending, created at or before {@code createdAtOrBefore}, oldest first. */
    Iterable<SignupKey> pendingOldestFirst(String createdAtOrBefore);
}
