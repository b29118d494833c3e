package org.peersupport.sendconfirmation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import org.peersupport.shared.schedule.CalendarLines;
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
        CalendarLines out = CalendarLines.published(orgName);
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
            out.add("BEGIN:VEVENT");
            out.add("UID:" + uid(groupId, meeting.start().toInstant()) + "@" + uidDomain);
            out.add("DTSTAMP:" + UTC.format(now));
            out.add("DTSTART:" + UTC.format(meeting.start().toInstant()));
            out.add("DTEND:" + UTC.format(meeting.end().toInstant()));
            out.add("SUMMARY:" + CalendarLines.text(orgName));
            out.add("LOCATION:" + CalendarLines.text(location));
            out.add("DESCRIPTION:" + CalendarLines.text(description.toString()));
            if (place.meetingUrl() != null) {
                out.add("URL:" + place.meetingUrl());
            }
            out.add("CLASS:PRIVATE");
            out.add("STATUS:CONFIRMED");
            out.add("TRANSP:OPAQUE");
            out.add("END:VEVENT");
        }
        out.add("END:VCALENDAR");
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
}
