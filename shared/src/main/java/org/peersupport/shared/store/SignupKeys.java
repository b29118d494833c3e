package org.peersupport.shared.store;

/**
 * The Signups table's key design, in one place.
 *
 * <pre>
 * item              pk                  sk                                   notes
 * sign-up           GROUP#&lt;groupId&gt;     SIGNUP#&lt;emailKey&gt;                    one per group and canonical
 *                                                                            address: the dedupe is one
 *                                                                            conditional write
 * message           GROUP#&lt;groupId&gt;     MSG#&lt;emailKey&gt;#&lt;signupId&gt;#&lt;seq&gt;     an email to send (or sent) for
 *                                                                            that sign-up ({@link MessageItem})
 *                                       MSG#&lt;emailKey&gt;#&lt;signupId&gt;#&lt;event&gt;   the same, about one event (its
 *                                                                            reminder, a change): one per
 *                                                                            sign-up and event
 * confirmed places  GROUP#&lt;groupId&gt;     COUNT                                places held, by expiry day, under
 *                                                                            an optimistic version
 *                                                                            ({@link ConfirmedPlaces})
 * </pre>
 *
 * {@code emailKey} is the base64url HMAC-SHA256 (KMS {@code GenerateMac}, key EmailHashKey) of
 * the canonical address ({@link org.peersupport.shared.privacy.EmailAddress}), so no plaintext
 * email is in any key or index. A sign-up's messages share its partition and its key's prefix, so
 * withdrawal and erasure find them with it. Indexes (all KEYS_ONLY): {@link #BY_EMAIL_KEY} on
 * {@code emailKey} (sign-ups only; erasure across groups), {@link #BY_CONFIRM_TOKEN} and
 * {@link #BY_WITHDRAW_TOKEN} on the token hashes messages carry (the links in them), and the
 * sparse {@link #PENDING_EMAIL} on {@code emailPending} + {@code createdAt}, present only while a
 * message is pending (the sweep). The table's stream is KEYS_ONLY, so stream records carry no
 * personal data.
 */
public final class SignupKeys {
    public static final String BY_EMAIL_KEY = "ByEmailKey";
    public static final String BY_WITHDRAW_TOKEN = "ByWithdrawToken";
    public static final String BY_CONFIRM_TOKEN = "ByConfirmToken";
    public static final String PENDING_EMAIL = "PendingEmail";
    /** The only value of {@code emailPending}; the attribute is removed once the email is settled. */
    public static final String PENDING = "PENDING";
    public static final String COUNT_SK = "COUNT";
    private static final String GROUP = "GROUP#";
    private static final String SIGNUP = "SIGNUP#";
    private static final String MESSAGE = "MSG#";

    private SignupKeys() {
    }

    public static String groupPk(String groupId) {
        return GROUP + groupId;
    }

    public static String signupSk(String emailKey) {
        return SIGNUP + emailKey;
    }

    public static boolean isSignupSk(String sk) {
        return sk != null && sk.startsWith(SIGNUP);
    }

    /** The prefix every sign-up's sort key starts with (stream filters and queries use it). */
    public static String signupSkPrefix() {
        return SIGNUP;
    }

    /** The group id in a sign-up's or message's partition key. */
    public static String groupId(String pk) {
        return pk.substring(GROUP.length());
    }

    /** The email key in a sign-up's sort key. */
    public static String emailKeyOf(String signupSk) {
        return signupSk.substring(SIGNUP.length());
    }

    /**
     * The {@code seq}-th message of one sign-up (counted on the sign-up, from 1). One sequence
     * number is one message: it is written only with the sign-up's count moved to it, in the same
     * transaction, so the same message cannot be queued twice.
     */
    public static String messageSk(String emailKey, String signupId, int seq) {
        return MESSAGE + emailKey + "#" + signupId + "#" + String.format(java.util.Locale.ROOT, "%04d", seq);
    }

    /**
     * The message of one sign-up about one event ({@code R} its reminder, {@code C-<changeId>} a
     * change notice). Written only if no message has that key, so an event that is processed again
     * (a retried stream batch, a second scheduled run) cannot queue a second one. Event names start
     * with a letter, so they never meet a sequence number.
     */
    public static String eventMessageSk(String emailKey, String signupId, String event) {
        if (event.isEmpty() || !Character.isLetter(event.charAt(0)) || event.indexOf('#') >= 0) {
            throw new IllegalArgumentException("an event name starts with a letter and has no #");
        }
        return MESSAGE + emailKey + "#" + signupId + "#" + event;
    }

    /** Every message of every sign-up an address has had in a group starts with this. */
    public static String messageSkPrefix(String emailKey) {
        return MESSAGE + emailKey + "#";
    }

    /** The prefix every message's sort key starts with (the mailer's stream filter uses it). */
    public static String messageSkPrefix() {
        return MESSAGE;
    }

    public static boolean isMessageSk(String sk) {
        return sk != null && sk.startsWith(MESSAGE);
    }
}
