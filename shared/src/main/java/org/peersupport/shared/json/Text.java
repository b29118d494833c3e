package org.peersupport.shared.json;

/** Checks on submitted text. */
public final class Text {
    private Text() {
    }

    /**
     * True when {@code text} has no control characters (C0, DEL, C1), no unpaired surrogates and
     * no bidirectional overrides; {@code multiline} also allows CR, LF and tab.
     */
    public static boolean isClean(String text, boolean multiline) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                if (!(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                    return false;
                }
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            } else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                return false;
            }
        }
        return true;
    }
}
