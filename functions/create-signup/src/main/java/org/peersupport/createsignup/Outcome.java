package org.peersupport.createsignup;

/**
 * What became of a valid sign-up. Every outcome gets the same answer; only the log tells them
 * apart (by name, with the group id: nothing about the person).
 */
enum Outcome {
    /** Stored with a place. */
    CONFIRMED,
    /** Stored on the group's waitlist (no places left, or the group is marked full). */
    WAITLISTED,
    /** The same group and email already have a sign-up: nothing changed. */
    REPEAT,
    /** The hidden field was filled in: nothing stored. */
    HONEYPOT,
    /** Too many sign-ups from this source IP this hour: nothing stored. */
    IP_LIMIT,
    /** Too many sign-ups stored for this email address today: nothing stored. */
    EMAIL_LIMIT;

    String logName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
