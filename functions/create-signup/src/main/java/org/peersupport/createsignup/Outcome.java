package org.peersupport.createsignup;

/**
 * What became of a valid sign-up. Every outcome but {@link #IP_LIMIT} gets the same answer, after
 * the same calls; only the log tells them apart (by name, with the group id: nothing about the
 * person).
 */
enum Outcome {
    /** Stored unconfirmed, and a confirm request queued. */
    NEW,
    /** Still unconfirmed, and no confirm request in the last hour: one queued again. */
    CONFIRM_RESENT,
    /** Confirmed or waitlisted, and no details email in the last day: one queued again. */
    DETAILS_RESENT,
    /** The same group and address have a sign-up that was emailed recently: nothing changed. */
    REPEAT,
    /** The hidden field was filled in: nothing stored. */
    HONEYPOT,
    /** This address has been caused its day's emails: nothing stored or sent. */
    EMAIL_LIMIT,
    /** Too many submissions from this source IP this hour: answered 429, nothing else done. */
    IP_LIMIT;

    String logName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
