package org.peersupport.shared.model;

import java.util.regex.Pattern;

/**
 * A staff account's username as this project creates them (invitations) and names them (a group's
 * {@code facilitatorUsernames}): lower-case letters and digits, with dots, hyphens and underscores
 * inside, at most 64 characters. The user pool is case-insensitive, so one spelling is one account.
 */
public final class StaffUsername {
    public static final int MAX_LENGTH = 64;
    private static final Pattern PATTERN = Pattern.compile("[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?");
    public static final String RULE = "lower-case letters and digits, with dots, hyphens or underscores between them";

    private StaffUsername() {
    }

    public static boolean isValid(String username) {
        return username != null && username.length() <= MAX_LENGTH && PATTERN.matcher(username).matches();
    }
}
