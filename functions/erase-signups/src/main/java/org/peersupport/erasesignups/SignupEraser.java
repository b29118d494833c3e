package org.peersupport.erasesignups;

import java.util.List;

/** Finds and deletes what is held under one email key. */
public interface SignupEraser {
    /** A sign-up's primary key. */
    record SignupKey(String pk, String sk) {
    }

    /** Every sign-up stored for the email key, in every group (a consistent read of each, archived included). */
    List<SignupKey> find(String emailKey);

    /**
     * Deletes the sign-up, and gives its place back in the group's confirmed count if it had one,
     * in one transaction; then its messages (sent and queued alike).
     *
     * @return false when it was already gone
     */
    boolean erase(SignupKey key);

    /** Deletes the email's rate-limit counters; returns how many there were. */
    int eraseCounters(String emailKey);
}
