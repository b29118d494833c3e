package org.peersupport.listgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peersupport.listgroups.ListGroupsHandlerTest.DENVER;
import static org.peersupport.listgroups.ListGroupsHandlerTest.NOW;
import static org.peersupport.listgroups.ListGroupsHandlerTest.event;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.shared.schedule.CalendarLines;
import org.peersupport.shared.schedule.Schedule;
import org.peersupport.testkit.api.ApiCalls;

/** Calendars are read back with ical4j, a real RFC 5545 parser, and must agree with nextMeetings. */
class CalendarTest {
    private final ListGroupsHandler handler = ListGroupsHandlerTest.handler(NOW);

    static Calendar parse(String ics) throws Exception {
        Calendar calendar = new CalendarBuilder().build(new StringReader(ics));
        calendar.validate();
        return calendar;
    }

    @Test
    void groupCalendar_isOneValidEventWithRruleExdatesAndTimezone() throws Exception {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event("group-calendar.json"), null);
        assertEquals(200, response.getStatusCode());
        assertEquals("text/calendar; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertEquals("public, max-age=300", response.getHeaders().get("Cache-Control"));
        String ics = response.getBody();
        assertTrue(ics.lines().allMatch(line -> line.getBytes(StandardCharsets.UTF_8).length <= 75));
        assertTrue(ics.endsWith("\r\n"));

        Calendar calendar = parse(ics);
        List<VEvent> events = calendar.getComponents("VEVENT");
        assertEquals(1, events.size());
        VEvent event = events.get(0);
        assertEquals("connection-tue-downtown@test-stack", event.getUid().orElseThrow().getValue());
        assertEquals("FREQ=WEEKLY;BYDAY=TU", event.getProperty("RRULE").orElseThrow().getValue());
        assertEquals("20261222T183000,20261229T183000", event.getProperty("EXDATE").orElseThrow().getValue());
        assertEquals(1, calendar.getComponents("VTIMEZONE").size());
        assertEquals("Connection Recovery Support Group", event.getSummary().getValue());
        assertEquals("Downtown Springfield", event.getLocation().getValue());
    }

    static APIGatewayV2HTTPResponse groupCalendar(ListGroupsHandler handler, String groupId, String titles) {
        APIGatewayV2HTTPEvent event = event("group-calendar.json");
        event.setPathParameters(Map.of("groupId", groupId));
        event.setQueryStringParameters(titles == null ? null : Map.of("titles", titles));
        return ApiCalls.handle(handler, event, null);
    }

    /**
     * The calendar a person adds from their own email may be one their family or workplace sees: its
     * events show the organisation's name and the place, and nothing that says what the group is;
     * the dates are the public calendar's exactly.
     */
    @Test
    void neutralCalendar_namesOnlyTheOrganisation_andKeepsEveryDate() throws Exception {
        Set<String> uids = new java.util.HashSet<>();
        for (String id : ListGroupsHandlerTest.allIds()) {
            APIGatewayV2HTTPResponse response = groupCalendar(handler, id, "neutral");
            assertEquals(200, response.getStatusCode(), id);
            assertEquals("text/calendar; charset=utf-8", response.getHeaders().get("Content-Type"));
            String ics = response.getBody();
            VEvent shown = parse(ics).<VEvent>getComponents("VEVENT").get(0);
            VEvent listed = parse(groupCalendar(handler, id, null).getBody()).<VEvent>getComponents("VEVENT").get(0);

            assertEquals("Example Peer Support", shown.getSummary().getValue(), id);
            assertEquals("X-WR-CALNAME:Example Peer Support", ics.lines().filter(l -> l.startsWith("X-WR-CALNAME"))
                    .findFirst().orElseThrow());
            assertFalse(shown.getProperty("DESCRIPTION").isPresent(), "no description: " + id);
            String name = listed.getSummary().getValue();
            assertFalse(ics.contains(name) || ics.contains(CalendarLines.text(name)), "the group's name: " + id);
            String uid = shown.getUid().orElseThrow().getValue();
            for (String word : id.split("-")) {
                assertFalse(word.length() > 3 && uid.contains(word), "the UID says " + word + ": " + uid);
            }
            uids.add(uid);
            for (String property : List.of("DTSTART", "DTEND", "RRULE", "EXDATE", "LOCATION")) {
                assertEquals(listed.getProperty(property).map(p -> p.getValue()),
                        shown.getProperty(property).map(p -> p.getValue()), property + " of " + id);
            }
        }
        assertEquals(ListGroupsHandlerTest.allIds().size(), uids.size(), "one UID per group");
        assertEquals(groupCalendar(handler, "connection-tue-downtown", "neutral").getBody(),
                groupCalendar(ListGroupsHandlerTest.handler(NOW.plusSeconds(86_400)), "connection-tue-downtown", "neutral")
                        .getBody(), "stable, so a calendar updates its event instead of adding another");
    }

    @Test
    void calendarTitles_otherThanNeutral_getACalmAnswerNamingTheField() {
        APIGatewayV2HTTPResponse response = groupCalendar(handler, "connection-tue-downtown", "loud");
        assertEquals(400, response.getStatusCode());
        assertTrue(response.getBody().contains("\"titles\""), response.getBody());
        assertTrue(response.getBody().contains("Leave it out, or use neutral."), response.getBody());
    }

    @Test
    void calendar_uidsAreStableBetweenRequests() {
        String first = ApiCalls.handle(handler, event("calendar.json"), null).getBody();
        String second = ApiCalls.handle(ListGroupsHandlerTest.handler(NOW.plusSeconds(86_400)), event("calendar.json"), null)
                .getBody();
        assertEquals(first, second);
    }

    @Test
    void calendar_holdsEveryListedGroupAndClosuresAsExdates() throws Exception {
        Calendar calendar = parse(ApiCalls.handle(handler, event("calendar.json"), null).getBody());
        List<VEvent> events = calendar.getComponents("VEVENT");
        Set<String> uids = events.stream().map(e -> e.getUid().orElseThrow().getValue()).collect(Collectors.toSet());
        assertEquals(ListGroupsHandlerTest.allIds().stream().map(id -> id + "@test-stack").collect(Collectors.toSet()), uids);
        VEvent circle = events.stream().filter(e -> e.getUid().orElseThrow().getValue().startsWith("peer-family"))
                .findFirst().orElseThrow();
        // Christmas Day 2026 is the last Friday of December; New Year's Day 2027 is a Friday but not the last.
        assertEquals("20261225T180000", circle.getProperty("EXDATE").orElseThrow().getValue());
    }

    /** ical4j expands each event's RRULE, EXDATE and VTIMEZONE; the result must be our nextMeetings. */
    @Test
    void everyCalendarEvent_expandsToTheListedNextMeetings() throws Exception {
        Calendar calendar = parse(ApiCalls.handle(handler, event("calendar.json"), null).getBody());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> groups = (List<Map<String, Object>>) Json.parseObject(
                ApiCalls.handle(handler, event("list-groups.json"), null).getBody()).get("groups");
        Period<ZonedDateTime> window = new Period<>(NOW.atZone(DENVER).minusDays(1), NOW.atZone(DENVER).plusYears(1));
        for (VEvent event : calendar.<VEvent>getComponents("VEVENT")) {
            String id = event.getUid().orElseThrow().getValue().split("@")[0];
            List<Instant> expanded = event.<Temporal>calculateRecurrenceSet(window).stream()
                    .filter(p -> Instant.from(p.getEnd()).isAfter(NOW))
                    .map(p -> Instant.from(p.getStart()))
                    .sorted().limit(4).toList();
            @SuppressWarnings("unchecked")
            List<Map<String, String>> listed = (List<Map<String, String>>) groups.stream()
                    .filter(g -> g.get("id").equals(id)).findFirst().orElseThrow().get("nextMeetings");
            assertEquals(listed.stream().map(m -> ZonedDateTime.parse(m.get("start")).toInstant()).toList(), expanded, id);
        }
    }

    /**
     * The VTIMEZONE we write must give the JDK's offset at every instant a meeting could fall on.
     * ical4j parses it and expands each observance's RRULE; the onset of an observance is its local
     * start minus TZOFFSETFROM, and the observance in force is the one with the latest onset.
     * (ical4j's own getApplicableObservance mis-orders observances that have not started yet.)
     */
    @ParameterizedTest
    @ValueSource(strings = {"America/Denver", "Australia/Sydney", "Europe/London", "America/Sao_Paulo",
        "Asia/Kolkata", "Pacific/Chatham", "America/St_Johns", "Africa/Casablanca"})
    void vtimezone_matchesTheJdksRules(String zoneId) throws Exception {
        ZoneId zone = ZoneId.of(zoneId);
        CalendarLines lines = new CalendarLines();
        lines.add("BEGIN:VCALENDAR");
        lines.add("VERSION:2.0");
        lines.add("PRODID:-//test//EN");
        CalendarWriter.timezone(lines, zone, 2026);
        lines.add("END:VCALENDAR");
        Calendar calendar = parse(lines.toString());
        VTimeZone vtimezone = (VTimeZone) calendar.getComponents("VTIMEZONE").get(0);
        java.util.TreeMap<Instant, Integer> onsets = new java.util.TreeMap<>();
        for (var observance : vtimezone.getObservances()) {
            java.time.LocalDateTime start = observance.getStartDate().getDate();
            int from = observance.getTimeZoneOffsetFrom().getOffset().getTotalSeconds();
            int to = observance.getTimeZoneOffsetTo().getOffset().getTotalSeconds();
            List<java.time.LocalDateTime> locals = new java.util.ArrayList<>(List.of(start));
            var rrule = observance.getProperty("RRULE");
            if (rrule.isPresent()) {
                @SuppressWarnings("unchecked")
                var recur = ((net.fortuna.ical4j.model.property.RRule<java.time.LocalDateTime>) rrule.get()).getRecur();
                locals = recur.getDates(start, start, java.time.LocalDateTime.of(2030, 1, 1, 0, 0));
            }
            for (java.time.LocalDateTime local : locals) {
                onsets.put(local.toInstant(java.time.ZoneOffset.ofTotalSeconds(from)), to);
            }
        }
        for (ZonedDateTime local = ZonedDateTime.of(2026, 1, 1, 0, 30, 0, 0, zone);
             local.getYear() < 2029; local = local.plusHours(7)) {
            var applicable = onsets.floorEntry(local.toInstant());
            assertTrue(applicable != null, zoneId + " has no observance at " + local);
            assertEquals(zone.getRules().getOffset(local.toInstant()).getTotalSeconds(), applicable.getValue(),
                    zoneId + " at " + local);
        }
    }

    @Test
    void textIsEscapedAndLongLinesFoldWithoutSplittingCharacters() throws Exception {
        PublicGroup sample = org.peersupport.testkit.SampleData.load().group("conexion-sabado-hibrido").listing();
        PublicGroup tricky = new PublicGroup(sample.id(), "Grupo; de, apoyo\\ ñandú " + "é".repeat(60), sample.program(),
                sample.audience(), "Línea uno\nLínea dos", sample.languages(), sample.format(), sample.area(),
                sample.accessibility(), sample.schedule(), sample.status(), sample.updatedAt(), sample.lastVerified(),
                sample.requiresEmergencyContact());
        String ics = new CalendarWriter("Org", "stack", DENVER).write("Cal", List.of(tricky), Set.of());
        for (String line : ics.split("\r\n")) {
            assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
        }
        assertFalse(ics.contains("\uFFFD"));
        VEvent event = (VEvent) parse(ics).getComponents("VEVENT").get(0);
        assertEquals(tricky.name(), event.getSummary().getValue());
        assertEquals("Línea uno\nLínea dos", event.getDescription().getValue());
    }

    @Test
    void closuresOutsideAnyMeeting_addNoExdate() {
        Schedule tuesdays = org.peersupport.testkit.SampleData.load().group("connection-tue-downtown").listing().schedule();
        assertEquals(List.of(), tuesdays.closedMeetingDates(Set.of(LocalDate.of(2026, 11, 26)), DENVER));
    }
}
