package org.peersupport.createsignup;

/**
 * Phone numbers as people type them, stored as E.164 ({@code +} and up to 15 digits).
 *
 * <ul>
 *   <li>Spaces, hyphens, dots and parentheses are ignored; anything else (letters, an extension)
 *       is refused.</li>
 *   <li>With a country code ({@code +52 55 1234 5678}, or {@code 0052...}): kept as given, 8 to 15
 *       digits, not starting with 0.</li>
 *   <li>Without one: the organisation works in the North American Numbering Plan, so 10 digits
 *       ({@code (719) 555-0123}), or 11 starting with 1, are {@code +1} numbers.</li>
 *   <li>Every {@code +1} number has exactly 10 digits after the 1 and an area code starting 2-9.</li>
 * </ul>
 * Anything else is refused with a message asking for the area code or the international format,
 * rather than guessed at: a wrong number is worse than none.
 */
public final class PhoneNumbers {
    static final int MAX_INPUT_LENGTH = 30;

    private PhoneNumbers() {
    }

    /** The number in E.164, or null when it cannot be read as one. */
    public static String toE164(String input) {
        if (input == null) {
            return null;
        }
        String text = input.strip();
        if (text.isEmpty() || text.length() > MAX_INPUT_LENGTH) {
            return null;
        }
        StringBuilder digits = new StringBuilder(16);
        boolean plus = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && i == 0) {
                plus = true;
            } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
                return null;
            }
        }
        String number = digits.toString();
        if (!plus && number.startsWith("00")) {
            plus = true;
            number = number.substring(2);
        }
        if (!plus) {
            if (number.length() == 10) {
                number = "1" + number;
            } else if (!(number.length() == 11 && number.startsWith("1"))) {
                return null;
            }
        }
        if (number.length() < 8 || number.length() > 15 || number.charAt(0) == '0') {
            return null;
        }
        if (number.charAt(0) == '1' && (number.length() != 11 || number.charAt(1) < '2')) {
            return null;
        }
        return "+" + number;
    }
}
