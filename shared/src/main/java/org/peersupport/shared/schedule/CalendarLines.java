package org.peersupport.shared.schedule;

/**
 * iCalendar (RFC 5545) text as this project writes it: content lines ending in CRLF, folded at 75
 * octets without splitting a UTF-8 character, and TEXT values escaped.
 */
public final class CalendarLines {
    private final StringBuilder out = new StringBuilder(4096);

    /** A calendar's opening lines, up to its first property of its own: published, Gregorian, by {@code product}. */
    public static CalendarLines published(String product) {
        CalendarLines out = new CalendarLines();
        out.add("BEGIN:VCALENDAR");
        out.add("VERSION:2.0");
        out.add("PRODID:-//" + text(product) + "//Peer support groups//EN");
        out.add("CALSCALE:GREGORIAN");
        out.add("METHOD:PUBLISH");
        return out;
    }

    /** One content line, folded as needed. */
    public void add(String line) {
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (octets + size > 75) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** TEXT value escaping (RFC 5545 3.3.11); other control characters but tab are dropped. */
    public static String text(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case ';' -> out.append("\\;");
                case ',' -> out.append("\\,");
                case '\n' -> out.append("\\n");
                case '\r' -> {
                    if (i + 1 >= value.length() || value.charAt(i + 1) != '\n') {
                        out.append("\\n");
                    }
                }
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
