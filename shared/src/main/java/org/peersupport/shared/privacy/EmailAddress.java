package org.peersupport.shared.privacy;

import com.ibm.icu.text.IDNA;
import java.util.Locale;
import org.peersupport.shared.json.Text;

/**
 * The one form of an email address the project knows: computed once from what was typed, and the
 * only string used after that — the stored value, the keyed hash ({@link PersonalKeys#emailKey}),
 * the address mail goes to, the export and erasure. Two inputs a mail system would deliver to one
 * mailbox give one address here.
 *
 * <ul>
 *   <li>Trimmed; exactly one {@code @}.</li>
 *   <li>The local part as typed must be printable ASCII of the characters a plain mailbox may use
 *       (letters, digits and {@code .!#$%&'*+/=?^_`{|}~-}; no leading, trailing or doubled dot,
 *       at most 64). It is checked before it is lower-cased, so a Kelvin sign (U+212A) is refused,
 *       not folded to {@code k}; anything outside ASCII there is {@link Problem#NOT_DELIVERABLE}:
 *       SES cannot send to such addresses. Then lower-cased: mail systems treat it so in practice;
 *       dots and {@code +tags} stay, since only some providers ignore them.</li>
 *   <li>The domain through IDNA as UTS #46 defines it (non-transitional, as browsers and IDNA2008
 *       registries resolve names; with the bidi, CONTEXTJ/CONTEXTO and STD3 checks): full-width
 *       letters, ideographic full stops, soft hyphens and other compatibility forms fold, letters
 *       are lower-cased, and the result is ASCII ({@code xn--} labels). The JDK's
 *       {@code java.net.IDN} implements IDNA2003 instead, which sends {@code faß.de} to
 *       {@code fass.de} (another domain), drops a zero-width joiner, and refuses letters newer than
 *       Unicode 3.2; ICU4J's UTS #46 does not (measured, docs/design.md, "The email address").</li>
 *   <li>Then a plain host name: at least two labels of letters, digits and inner hyphens, a
 *       top-level label of letters or {@code xn--}, 253 characters at most; the whole address at
 *       most 254.</li>
 * </ul>
 */
public final class EmailAddress {
    public static final int MAX_LENGTH = 254;
    /** Longer input is refused before any work: no address a person types is near it. */
    static final int MAX_INPUT_LENGTH = 1024;
    private static final String LOCAL_CHARACTERS = "!#$%&'*+/=?^_`{|}~.-";

    /** Why text is not an address. */
    public enum Problem {
        /** Not one plausible address: no single {@code @}, a space, a bad domain... */
        MALFORMED,
        /** A local part outside ASCII ({@code josé@}): it could be stored but never delivered. */
        NOT_DELIVERABLE
    }

    /** What {@link #parse} found: an address, or the problem. */
    public record Parsed(EmailAddress address, Problem problem) {
        public boolean isValid() {
            return address != null;
        }
    }

    private final String value;

    private EmailAddress(String value) {
        this.value = value;
    }

    /** The canonical form of what was typed, or why there is none. */
    public static Parsed parse(String input) {
        if (input == null || input.length() > MAX_INPUT_LENGTH) {
            return new Parsed(null, Problem.MALFORMED);
        }
        String text = input.strip();
        if (text.isEmpty() || !Text.isClean(text, false)) {
            return new Parsed(null, Problem.MALFORMED);
        }
        int at = text.indexOf('@');
        if (at <= 0 || at != text.lastIndexOf('@') || at == text.length() - 1) {
            return new Parsed(null, Problem.MALFORMED);
        }
        String local = text.substring(0, at);
        Problem localProblem = localProblem(local);
        if (localProblem != null) {
            return new Parsed(null, localProblem);
        }
        String domain = domain(text.substring(at + 1));
        if (domain == null) {
            return new Parsed(null, Problem.MALFORMED);
        }
        String address = local.toLowerCase(Locale.ROOT) + "@" + domain;
        return address.length() > MAX_LENGTH ? new Parsed(null, Problem.MALFORMED)
                : new Parsed(new EmailAddress(address), null);
    }

    /** The canonical address, or null for anything that is not one. */
    public static EmailAddress of(String input) {
        return parse(input).address();
    }

    /** The canonical text: what is stored, hashed, exported and mailed to. */
    public String value() {
        return value;
    }

    private static Problem localProblem(String local) {
        if (local.length() > 64 || local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
            return Problem.MALFORMED;
        }
        Problem found = null;
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c > 0x7e) {
                found = Problem.NOT_DELIVERABLE;
            } else if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || LOCAL_CHARACTERS.indexOf(c) >= 0)) {
                return Problem.MALFORMED; // a space, quote, comma, bracket...: never one plain mailbox
            }
        }
        return found;
    }

    /** The domain in ASCII through UTS #46, or null when it is not a usable host name. */
    private static String domain(String typed) {
        StringBuilder ascii = new StringBuilder(typed.length() + 16);
        IDNA.Info info = new IDNA.Info();
        Uts46.INSTANCE.nameToASCII(typed, ascii, info);
        if (info.hasErrors()) {
            return null;
        }
        String domain = ascii.toString();
        if (domain.length() > 253) {
            return null;
        }
        String[] labels = domain.split("\\.", -1);
        if (labels.length < 2) {
            return null;
        }
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return null;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                    return null;
                }
            }
        }
        String top = labels[labels.length - 1];
        boolean letters = top.length() >= 2 && top.chars().allMatch(c -> c >= 'a' && c <= 'z');
        return letters || top.startsWith("xn--") ? domain : null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmailAddress address && address.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "EmailAddress[...]"; // never print one, even by accident
    }

    /** Built on first use, so a class that only mentions EmailAddress needs no ICU. */
    private static final class Uts46 {
        static final IDNA INSTANCE = IDNA.getUTS46Instance(IDNA.NONTRANSITIONAL_TO_ASCII | IDNA.CHECK_BIDI
                | IDNA.CHECK_CONTEXTJ | IDNA.CHECK_CONTEXTO | IDNA.USE_STD3_RULES);
    }
}
