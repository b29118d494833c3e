package org.peersupport.sendconfirmation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import org.peersupport.shared.schedule.Meeting;

/**
 * The person's own calendar file (RFC 5545), attached to the email that gives them a place: their
 * next meetings, each an event titled only with the organisation's name, located at the address
 * (or "Online"), with where to go inside (the address, or the link and phone number to join), for
 * that person alone. A calendar others
 * see, a family's or a work one, then shows the organisation's name and a time, nothing more; the
 * public calendars keep the group's name and area. Times are UTC instants, so no time zone
 * definition is needed; the same meeting keeps its UID in every email, so a second file updates
 * the events rather than doubling them.
 */
final class PersonalCalendar {
    /** The attachment's name, which a mail client shows: it says nothing about the group. */
    static final String FILE_NAME = "meetings.ics";
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final int LINE_OCTETS = 75;

    private PersonalCalendar() {
    }

    /** Where and how to join, as the details email gives them; null where there is none. */
    record Place(String address, String meetingUrl, String meetingPhone) {
        boolean isEmpty() {
            return address == null && meetingUrl == null && meetingPhone == null;
        }
    }

    /**
     * The file, or null when there is nothing to put in it (no meetings, or nowhere to go).
     *
     * @param language  "en" or "es", for the words before a link or phone number
     * @param uidDomain the domain after each event's UID's "@" (the API's host)
     */
    static String write(String orgName, String groupId, List<Meeting> meetings, Place place, String language,
                        Instant now, String uidDomain) {
        if (meetings.isEmpty() || place.isEmpty()) {
            return null;
        }
        StringBuilder out = new StringBuilder(1024);
        line(out, "BEGIN:VCALENDAR");
        line(out, "VERSION:2.0");
        line(out, "PRODID:-//" + text(orgName) + "//Peer support groups//EN");
        line(out, "CALSCALE:GREGORIAN");
        line(out, "METHOD:PUBLISH");
        boolean spanish = "es".equals(language);
        String online = spanish ? "En línea:" : "Online:";
        String byPhone = spanish ? "Por teléfono:" : "By phone:";
        // Calendars show the location beside the title, so a link (which may name the group) stays inside.
        String location = place.address() != null ? place.address() : spanish ? "En línea" : "Online";
        StringBuilder description = new StringBuilder();
        if (place.address() != null) {
            description.append(place.address());
        }
        if (place.meetingUrl() != null) {
            description.append(description.isEmpty() ? "" : "\n").append(online).append(' ').append(place.meetingUrl());
        }
        if (place.meetingPhone() != null) {
            description.append(description.isEmpty() ? "" : "\n").append(byPhone).append(' ').append(place.meetingPhone());
        }
        for (Meeting meeting : meetings) {
            line(out, "BEGIN:VEVENT");
            line(out, "UID:" + uid(groupId, meeting.start().toInstant()) + "@" + uidDomain);
            line(out, "DTSTAMP:" + UTC.format(now));
            line(out, "DTSTART:" + UTC.format(meeting.start().toInstant()));
            line(out, "DTEND:" + UTC.format(meeting.end().toInstant()));
            line(out, "SUMMARY:" + text(orgName));
            line(out, "LOCATION:" + text(location));
            line(out, "DESCRIPTION:" + text(description.toString()));
            if (place.meetingUrl() != null) {
                line(out, "URL:" + place.meetingUrl());
            }
            line(out, "CLASS:PRIVATE");
            line(out, "STATUS:CONFIRMED");
            line(out, "TRANSP:OPAQUE");
            line(out, "END:VEVENT");
        }
        line(out, "END:VCALENDAR");
        return out.toString();
    }

    /** Stable for the group's meeting, but not the group's id, which can name the topic. */
    static String uid(String groupId, Instant start) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("personal:" + groupId + ":" + start.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
            return "p-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped; other control characters dropped. */
    static String text(String value) {
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
                    if (!Character.isISOControl(c)) {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /** One content line, folded after 75 octets (never inside a character), ended by CRLF. */
    private static void line(StringBuilder out, String content) {
        int octets = 0;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (octets + size > LINE_OCTETS) {
                out.append("\r\n ");
                octets = 1;
            }
            out.appendCodePoint(cp);
            octets += size;
            i += Character.charCount(cp);
        }
        out.append("\r\n");
    }
}
