package org.peersupport.listgroups;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.shared.schedule.CalendarLines;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.shared.schedule.RecurrenceRule;
import org.peersupport.shared.schedule.Schedule;

/**
 * RFC 5545 calendars of groups: one VEVENT per group with its RRULE, EXDATEs for its own skipped
 * dates and the organisation's closures, and a VTIMEZONE for each zone used, built from the JDK's
 * time-zone rules. Only public fields are written.
 *
 * <p>A neutral calendar ({@link #writeNeutral}) is the one a person adds from their own email: it
 * may sit in a calendar their family or workplace sees, so its events say only the organisation's
 * name and the place (the area, or "Online"), with no group name, no description and a UID that
 * names no group.
 */
public final class CalendarWriter {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final String productName;
    private final String uidDomain;
    private final ZoneId orgZone;

    /**
     * @param uidDomain what follows {@code @} in every UID; stable for the stack, so calendar
     *                  applications update an event instead of adding a second copy
     */
    public CalendarWriter(String productName, String uidDomain, ZoneId orgZone) {
        this.productName = productName;
        this.uidDomain = uidDomain;
        this.orgZone = orgZone;
    }

    public String write(String calendarName, List<PublicGroup> groups, Set<LocalDate> closures) {
        return write(calendarName, groups, closures, false);
    }

    /** One group's meetings titled only with the organisation's name (see the class comment). */
    public String writeNeutral(PublicGroup group, Set<LocalDate> closures) {
        return write(productName, List.of(group), closures, true);
    }

    private String write(String calendarName, List<PublicGroup> groups, Set<LocalDate> closures, boolean neutral) {
        CalendarLines out = CalendarLines.published(productName);
        out.add("X-WR-CALNAME:" + CalendarLines.text(calendarName));
        Map<String, Integer> firstYearByZone = new TreeMap<>();
        for (PublicGroup group : groups) {
            firstYearByZone.merge(group.schedule().timezone().getId(), group.schedule().startDate().getYear(), Math::min);
        }
        for (Map.Entry<String, Integer> zone : firstYearByZone.entrySet()) {
            timezone(out, ZoneId.of(zone.getKey()), zone.getValue());
        }
        for (PublicGroup group : groups) {
            event(out, group, closures, neutral);
        }
        out.add("END:VCALENDAR");
        return out.toString();
    }

    private void event(CalendarLines out, PublicGroup group, Set<LocalDate> closures, boolean neutral) {
        Schedule s = group.schedule();
        String tzid = s.timezone().getId();
        out.add("BEGIN:VEVENT");
        out.add("UID:" + (neutral ? neutralUid(group.id()) : group.id()) + "@" + uidDomain);
        out.add("DTSTAMP:" + UTC.format(group.updatedAt()));
        out.add("LAST-MODIFIED:" + UTC.format(group.updatedAt()));
        Meeting first = s.meetingOn(s.startDate());
        out.add("DTSTART;TZID=" + tzid + ":" + LOCAL.format(first.start().toLocalDateTime()));
        out.add("DTEND;TZID=" + tzid + ":" + LOCAL.format(first.end().toLocalDateTime()));
        out.add("RRULE:" + s.rule());
        List<LocalDate> skipped = new ArrayList<>(s.exdates());
        skipped.addAll(s.closedMeetingDates(closures, orgZone));
        skipped.sort(null);
        if (!skipped.isEmpty()) {
            StringBuilder exdate = new StringBuilder("EXDATE;TZID=").append(tzid).append(':');
            for (int i = 0; i < skipped.size(); i++) {
                exdate.append(i == 0 ? "" : ",")
                        .append(LOCAL.format(LocalDateTime.of(skipped.get(i), s.startTime())));
            }
            out.add(exdate.toString());
        }
        out.add("SUMMARY:" + CalendarLines.text(neutral ? productName : group.name()));
        if (!neutral && !group.description().isEmpty()) {
            out.add("DESCRIPTION:" + CalendarLines.text(group.description()));
        }
        out.add("LOCATION:" + CalendarLines.text(group.area()));
        out.add("STATUS:CONFIRMED");
        out.add("TRANSP:OPAQUE");
        out.add("END:VEVENT");
    }

    /** Stable for the group, so an update replaces the event, but not its id, which can name the topic. */
    static String neutralUid(String groupId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("neutral:" + groupId).getBytes(StandardCharsets.UTF_8));
            return "m-" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * A VTIMEZONE from the zone's rules, valid from the year before {@code fromYear} (no event is
     * earlier). Yearly transitions become observances with an RRULE; zones whose changes follow no
     * yearly rule (Morocco's around Ramadan) get each change for the next ten years spelled out.
     */
    static void timezone(CalendarLines out, ZoneId zone, int fromYear) {
        ZoneRules rules = zone.getRules();
        out.add("BEGIN:VTIMEZONE");
        out.add("TZID:" + zone.getId());
        Instant from = LocalDateTime.of(fromYear - 1, 1, 1, 0, 0).atZone(zone).toInstant();
        ZoneOffsetTransition before = rules.previousTransition(from);
        // The offset in force when the window opens, so no instant in it lacks an observance.
        ZoneOffset initial = rules.getOffset(from);
        observance(out, rules.isDaylightSavings(from), before == null ? "19700101T000000"
                : LOCAL.format(before.getDateTimeAfter()), before == null ? initial : before.getOffsetBefore(), initial, null);
        List<ZoneOffsetTransitionRule> yearly = rules.getTransitionRules();
        List<ZoneOffsetTransition> explicit = rules.getTransitions();
        Instant lastExplicit = explicit.isEmpty() ? Instant.MIN : explicit.get(explicit.size() - 1).getInstant();
        Instant end = Instant.now().plus(Duration.ofDays(3653));
        ZoneOffsetTransition last = before;
        for (ZoneOffsetTransition t = rules.nextTransition(from); t != null && t.getInstant().isBefore(end);
             t = rules.nextTransition(t.getInstant())) {
            if (!yearly.isEmpty() && t.getInstant().isAfter(lastExplicit)) {
                break; // from here on the yearly rules below describe every change
            }
            observance(out, rules.isDaylightSavings(t.getInstant()), LOCAL.format(t.getDateTimeBefore()),
                    t.getOffsetBefore(), t.getOffsetAfter(), null);
            last = t;
        }
        for (ZoneOffsetTransitionRule rule : yearly) {
            int year = Math.max(fromYear - 1, last == null ? fromYear - 1 : last.getDateTimeAfter().getYear() + 1);
            boolean daylight = rule.getOffsetAfter().getTotalSeconds() > rule.getStandardOffset().getTotalSeconds();
            observance(out, daylight, LOCAL.format(rule.createTransition(year).getDateTimeBefore()),
                    rule.getOffsetBefore(), rule.getOffsetAfter(), yearlyRule(rule));
        }
        out.add("END:VTIMEZONE");
    }

    private static void observance(CalendarLines out, boolean daylight, String start, ZoneOffset from, ZoneOffset to,
                                   String rrule) {
        String kind = daylight ? "DAYLIGHT" : "STANDARD";
        out.add("BEGIN:" + kind);
        out.add("DTSTART:" + start);
        out.add("TZOFFSETFROM:" + offset(from));
        out.add("TZOFFSETTO:" + offset(to));
        if (rrule != null) {
            out.add("RRULE:" + rrule);
        }
        out.add("END:" + kind);
    }

    /** The RRULE of a yearly transition: "the second Sunday of March" is BYDAY=2SU. */
    static String yearlyRule(ZoneOffsetTransitionRule rule) {
        String rrule = "FREQ=YEARLY;BYMONTH=" + rule.getMonth().getValue();
        int dom = rule.getDayOfMonthIndicator();
        DayOfWeek day = rule.getDayOfWeek();
        if (day == null) {
            return rrule + ";BYMONTHDAY=" + dom;
        }
        String code = RecurrenceRule.code(day);
        if (dom > 0 && (dom - 1) % 7 == 0) {
            return rrule + ";BYDAY=" + ((dom - 1) / 7 + 1) + code;
        }
        if (dom < 0 && (-dom - 1) % 7 == 0) {
            return rrule + ";BYDAY=-" + ((-dom - 1) / 7 + 1) + code;
        }
        // "The Sunday on or after the 2nd": that weekday among the seven days from there.
        StringBuilder days = new StringBuilder();
        for (int i = 0; i < 7; i++) {
            days.append(i == 0 ? "" : ",").append(dom > 0 ? dom + i : dom - i);
        }
        return rrule + ";BYDAY=" + code + ";BYMONTHDAY=" + days;
    }

    private static String offset(ZoneOffset offset) {
        int seconds = offset.getTotalSeconds();
        int abs = Math.abs(seconds);
        String text = String.format("%s%02d%02d", seconds < 0 ? "-" : "+", abs / 3600, abs / 60 % 60);
        return abs % 60 == 0 ? text : text + String.format("%02d", abs % 60);
    }
}
