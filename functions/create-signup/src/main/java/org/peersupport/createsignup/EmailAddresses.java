package org.peersupport.createsignup;

import org.peersupport.shared.json.Text;

/**
 * Whether text is one plausible email address: a sign-up form's check, not RFC 5322's grammar.
 * It refuses what would let a value carry more than one address or anything into a mail header
 * (commas, semicolons, angle brackets, quotes, whitespace, control characters), and addresses
 * that no mail system would deliver (no domain, a dotless domain, {@code ..}).
 */
public final class EmailAddresses {
    public static final int MAX_LENGTH = 254;
    private static final String FORBIDDEN = ",;<>()[]\\\":";

    private EmailAddresses() {
    }

    public static boolean isValid(String address) {
        if (address == null || address.isEmpty() || address.length() > MAX_LENGTH || !Text.isClean(address, false)) {
            return false;
        }
        int at = address.indexOf('@');
        if (at <= 0 || at != address.lastIndexOf('@') || at == address.length() - 1) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.length() > 64 || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return false;
        }
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || FORBIDDEN.indexOf(c) >= 0) {
                return false;
            }
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(Character.isLetterOrDigit(c) || c == '-')) {
                    return false;
                }
            }
        }
        String top = labels[labels.length - 1];
        return top.length() >= 2 && top.chars().allMatch(Character::isLetter);
    }
}
