package org.peersupport.shared.store;

/**
 * The Signups table's key design, in one place.
 *
 * <pre>
 * item              pk                  sk                 notes
 * sign-up           GROUP#&lt;groupId&gt;     SIGNUP#&lt;emailKey&gt;  one per group and normalised email: the
 *                                                          dedupe is a single conditional put
 * confirmed places  GROUP#&lt;groupId&gt;     COUNT              places held, by expiry day, under an
 *                                                          optimistic version ({@link ConfirmedPlaces})
 * </pre>
 *
 * {@code emailKey} is the base64url HMAC-SHA256 (KMS {@code GenerateMac}, key EmailHashKey) of
 * the normalised address, so no plaintext email is in any key or index. Indexes (all KEYS_ONLY):
 * {@link #BY_EMAIL_KEY} on {@code emailKey} (erasure across groups), {@link #BY_WITHDRAW_TOKEN}
 * on {@code withdrawTokenHash} (withdraw links), and the sparse {@link #PENDING_EMAIL} on
 * {@code emailPending} + {@code createdAt}, present only while the confirmation email is pending
 * (the sweep). The table's stream is KEYS_ONLY, so stream records carry no personal data.
 */
public final class SignupKeys {
    public static final String BY_EMAIL_KEY = "ByEmailKey";
    public static final String BY_WITHDRAW_TOKEN = "ByWithdrawToken";
    public static final String PENDING_EMAIL = "PendingEmail";
    /** The only value of {@code emailPending}; the attribute is removed once the email is settled. */
    public static final String PENDING = "PENDING";
    public static final String COUNT_SK = "COUNT";
    private static final String GROUP = "GROUP#";
    private static final String SIGNUP = "SIGNUP#";

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
}
