package org.peersupport.sendconfirmation;

/** Hands a finished MIME message to the mail service. */
public interface EmailSender {
    /**
     * Sends {@code rawMessage} to {@code to} alone.
     *
     * @return the mail service's message id
     * @throws Rejected    if this message can never be delivered (sending it again would not help)
     * @throws Unavailable if the service could not take it now (throttled, failing, unreachable)
     */
    String send(String to, byte[] rawMessage) throws Rejected, Unavailable;

    /** A permanent refusal of this one message, with a reason code fit for staff and logs. */
    final class Rejected extends Exception {
        private final String reason;

        public Rejected(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * The service did not take the message now. {@code ambiguous} when it may have taken it all the
     * same (a timeout after the request went out), so a retry should wait for the claim to lapse.
     */
    final class Unavailable extends Exception {
        private final String reason;
        private final boolean ambiguous;

        public Unavailable(String reason, boolean ambiguous, Throwable cause) {
            super(reason, cause, false, false);
            this.reason = reason;
            this.ambiguous = ambiguous;
        }

        public String reason() {
            return reason;
        }

        public boolean ambiguous() {
            return ambiguous;
        }
    }
}
