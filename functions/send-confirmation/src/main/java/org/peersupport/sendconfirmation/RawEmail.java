package org.peersupport.sendconfirmation;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A confirmation email as the MIME message SES sends (RFC 5322, 2045-2047): a text part and an
 * HTML part in {@code multipart/alternative}, both UTF-8, quoted-printable; with the person's
 * calendar file, that and the file ({@code text/calendar}) in {@code multipart/mixed}.
 *
 * <p>The message is written here rather than left to SES's "simple" content so that exactly
 * these headers go out and no others, and so that what an AWS-compatible endpoint stores is the
 * whole message, both parts included. Header values come only from the stack's configuration
 * (organisation name, sender) and the recipient's address; every one is checked for line breaks
 * and control characters here again, whatever the caller checked before.
 */
public final class RawEmail {
    /** Longest line RFC 2045 allows in a quoted-printable body, soft break included. */
    static final int QP_LINE = 76;
    private static final int HEADER_LINE = 78;
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A plain mailbox: printable ASCII, one @, no spaces, quotes, brackets or separators. */
    private static final Pattern ADDRESS =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?");

    private RawEmail() {
    }

    /**
     * What goes into one message. {@code text} and {@code html} use any line breaks;
     * {@code calendar}, when not null, is attached as {@value PersonalCalendar#FILE_NAME}.
     */
    public record Content(String fromName, String fromAddress, String to, String subject, String language,
                          String text, String html, String calendar) {
        public Content(String fromName, String fromAddress, String to, String subject, String language,
                       String text, String html) {
            this(fromName, fromAddress, to, subject, language, text, html, null);
        }
    }

    /** Whether an address can go into a header and an SES destination exactly as it is. */
    public static boolean isPlainAddress(String address) {
        return address != null && address.length() <= 254 && ADDRESS.matcher(address).matches()
                && !address.contains("..") && !address.startsWith(".") && !address.contains(".@")
                && address.substring(address.indexOf('@')).contains(".");
    }

    public static byte[] write(Content c, ZonedDateTime date) {
        return write(c, date, "=_peer_" + HexFormat.of().formatHex(randomBytes()));
    }

    /** The message with a given boundary; one that contains "=_" can never occur in a quoted-printable body. */
    static byte[] write(Content c, ZonedDateTime date, String boundary) {
        if (!isPlainAddress(c.fromAddress()) || !isPlainAddress(c.to())) {
            throw new IllegalArgumentException("not a plain address");
        }
        if (!c.language().matches("[a-z]{2}")) {
            throw new IllegalArgumentException("not a language code");
        }
        StringBuilder out = new StringBuilder(4096);
        header(out, "From", mailbox(c.fromName(), c.fromAddress()));
        header(out, "To", c.to());
        header(out, "Subject", unstructured("Subject", c.subject()));
        header(out, "Date", DATE.format(date.withZoneSameInstant(ZoneOffset.UTC)));
        header(out, "MIME-Version", "1.0");
        header(out, "Content-Language", c.language());
        // RFC 3834: automatic replies ("out of office") should not answer this message.
        header(out, "Auto-Submitted", "auto-generated");
        if (c.calendar() == null) {
            alternative(out, boundary, c);
        } else {
            // The text and HTML as one alternative, the calendar file beside them.
            header(out, "Content-Type", "multipart/mixed;\r\n boundary=\"" + boundary + "\"");
            out.append("\r\n--").append(boundary).append("\r\n");
            // Its own boundary, of which the outer one is no prefix (RFC 2046, 5.1.1).
            alternative(out, "=_a" + boundary, c);
            part(out, boundary, "text/calendar; charset=UTF-8; method=PUBLISH; name=\"" + PersonalCalendar.FILE_NAME
                    + "\"", "Content-Disposition: attachment; filename=\"" + PersonalCalendar.FILE_NAME + "\"\r\n",
                    c.calendar());
            out.append("--").append(boundary).append("--\r\n");
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void alternative(StringBuilder out, String boundary, Content c) {
        header(out, "Content-Type", "multipart/alternative;\r\n boundary=\"" + boundary + "\"");
        out.append("\r\n");
        part(out, boundary, "text/plain; charset=UTF-8", "", c.text());
        part(out, boundary, "text/html; charset=UTF-8", "", c.html());
        out.append("--").append(boundary).append("--\r\n");
    }

    private static void part(StringBuilder out, String boundary, String type, String headers, String body) {
        out.append("--").append(boundary).append("\r\n");
        out.append("Content-Type: ").append(type).append("\r\n").append(headers);
        out.append("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
        out.append(quotedPrintable(body));
        out.append("\r\n");
    }

    private static void header(StringBuilder out, String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            // Folding ("\r\n ") is written by this class alone; anything else would end the header.
            boolean fold = ch == '\r' && i + 2 < value.length() && value.charAt(i + 1) == '\n' && value.charAt(i + 2) == ' ';
            if ((ch < 0x20 && ch != '\t' && !fold && !(ch == '\n' && i > 0 && value.charAt(i - 1) == '\r')) || ch > 0x7e) {
                throw new IllegalArgumentException("header " + name + " would carry a control or non-ASCII character");
            }
        }
        out.append(name).append(": ").append(value).append("\r\n");
    }

    /**
     * {@code "Name" <address>}: the name quoted when it is ASCII and the header fits on one line,
     * else as encoded words, folded before the address when the last line would be too long.
     */
    static String mailbox(String name, String address) {
        if (name == null || name.isBlank()) {
            return address;
        }
        rejectBreaks(name);
        String angle = "<" + address + ">";
        String used = "From: ";
        if (isPrintableAscii(name)) {
            String quoted = "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            if (used.length() + quoted.length() + 1 + angle.length() <= HEADER_LINE) {
                return quoted + " " + angle;
            }
        }
        String display = encodedWords(name, used.length());
        int lastLine = display.contains("\r\n") ? display.length() - display.lastIndexOf("\r\n") - 2
                : used.length() + display.length();
        return display + (lastLine + 1 + angle.length() <= HEADER_LINE ? " " : "\r\n ") + angle;
    }

    /** An unstructured header value (Subject): folded at spaces, or encoded words when not ASCII. */
    static String unstructured(String name, String value) {
        rejectBreaks(value);
        int used = name.length() + 2;
        if (!isPrintableAscii(value)) {
            return encodedWords(value, used);
        }
        return fold(List.of(value.split(" ", -1)), used);
    }

    /** RFC 2047 "B" encoded words, each at most 75 characters, split between characters, folded. */
    static String encodedWords(String text, int used) {
        List<String> words = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int bytes = 0;
        // 45 bytes encode to 60 base64 characters: "=?UTF-8?B?" + 60 + "?=" is 72, so a folded line
        // fits in 78. The first word shares its line with the header's name, so it may hold less.
        int limit = Math.max(3, Math.min(45, (HEADER_LINE - used - 12) / 4 * 3));
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            int size = ch.getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > limit) {
                limit = 45;
                words.add(encodedWord(chunk.toString()));
                chunk.setLength(0);
                bytes = 0;
            }
            chunk.append(ch);
            bytes += size;
            i += Character.charCount(cp);
        }
        if (chunk.length() > 0) {
            words.add(encodedWord(chunk.toString()));
        }
        return fold(words, used);
    }

    /** Words joined by spaces, a line break before any word that would pass the line length. */
    private static String fold(List<String> words, int used) {
        StringBuilder out = new StringBuilder();
        int lineLength = used;
        for (String word : words) {
            if (out.length() > 0) {
                if (lineLength + 1 + word.length() > HEADER_LINE) {
                    out.append("\r\n ");
                    lineLength = 1;
                } else {
                    out.append(' ');
                    lineLength++;
                }
            }
            out.append(word);
            lineLength += word.length();
        }
        return out.toString();
    }

    private static String encodedWord(String text) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /**
     * RFC 2045 quoted-printable with CRLF line breaks. Every byte outside printable ASCII, every
     * "=", and spaces or tabs before a line break are encoded; lines are soft-broken at 76.
     */
    static String quotedPrintable(String text) {
        String normalised = text.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder out = new StringBuilder(normalised.length() + normalised.length() / 8);
        String[] lines = normalised.split("\n", -1);
        for (int l = 0; l < lines.length; l++) {
            if (l > 0) {
                out.append("\r\n");
            }
            byte[] bytes = lines[l].getBytes(StandardCharsets.UTF_8);
            int lineLength = 0;
            for (int i = 0; i < bytes.length; i++) {
                int b = bytes[i] & 0xff;
                boolean last = i == bytes.length - 1;
                String token;
                if ((b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last)) {
                    token = String.valueOf((char) b);
                } else {
                    token = String.format(Locale.ROOT, "=%02X", b);
                }
                // Room for the token and, unless it ends the line, a soft break "=".
                int room = last ? QP_LINE : QP_LINE - 1;
                if (lineLength + token.length() > room) {
                    out.append("=\r\n");
                    lineLength = 0;
                }
                out.append(token);
                lineLength += token.length();
            }
        }
        return out.toString();
    }

    private static void rejectBreaks(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i)) || value.charAt(i) == '\u2028' || value.charAt(i) == '\u2029') {
                throw new IllegalArgumentException("header value with a control character");
            }
        }
    }

    private static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch < 0x20 || ch > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
