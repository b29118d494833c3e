package org.peersupport.listgroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peersupport.listgroups.ListGroupsHandlerTest.DENVER;
import static org.peersupport.listgroups.ListGroupsHandlerTest.event;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.fortuna.ical4j.model.Recur;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.Group;
import org.peersupport.shared.model.PublicGroup;
import org.peersupport.shared.schedule.Meeting;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.api.ApiCalls;

/**
 * The feed's schedules and the listing's {@code nextMeetings} describe the same meetings. The HSDS
 * schedule objects are expanded here without the project's own recurrence code: ical4j expands an
 * RRULE rebuilt from {@code freq}, {@code interval}, {@code byday}, {@code wkst}, {@code dtstart}
 * and {@code until}, limited to {@code valid_from}..{@code valid_to}, and each date gets the times
 * and UTC offsets of {@code opens_at} and {@code closes_at}.
 */
class FeedScheduleTest {
    record Occurrence(Instant start, Instant end) {
        static Occurrence of(Meeting meeting) {
            return new Occurrence(meeting.start().toInstant(), meeting.end().toInstant());
        }
    }

    /** The meetings a directory reading these HSDS schedule objects would list, in order. */
    static List<Occurrence> expand(List<Map<String, Object>> schedules) {
        List<Occurrence> out = new ArrayList<>();
        for (Map<String, Object> schedule : schedules) {
            LocalDate dtstart = LocalDate.parse((String) schedule.get("dtstart"));
            LocalDate from = LocalDate.parse((String) schedule.get("valid_from"));
            LocalDate to = LocalDate.parse((String) schedule.get("valid_to"));
            StringBuilder rrule = new StringBuilder("FREQ=").append(schedule.get("freq"))
                    .append(";INTERVAL=").append(schedule.get("interval"))
                    .append(";BYDAY=").append(schedule.get("byday"))
                    .append(";WKST=").append(schedule.get("wkst"));
            if (schedule.containsKey("until")) {
                rrule.append(";UNTIL=").append(((String) schedule.get("until")).replace("-", ""));
            }
            Recur<LocalDate> recur = new Recur<>(rrule.toString());
            String opens = (String) schedule.get("opens_at");
            String closes = (String) schedule.get("closes_at");
            ZoneOffset offset = offset(opens);
            assertEquals(new BigDecimal(offset.getTotalSeconds()).divide(BigDecimal.valueOf(3600)).doubleValue(),
                    ((Number) schedule.get("timezone")).doubleValue(), "timezone is opens_at's offset in hours");
            for (LocalDate date : recur.getDates(dtstart, from, to.plusDays(1))) {
                if (date.isBefore(from) || date.isAfter(to)) {
                    continue;
                }
                OffsetDateTime start = OffsetDateTime.of(date, LocalTime.parse(opens.substring(0, 5)), offset);
                OffsetDateTime end = OffsetDateTime.of(date, LocalTime.parse(closes.substring(0, 5)), offset(closes));
                if (!end.isAfter(start)) {
                    end = end.plusDays(1); // closes after midnight
                }
                out.add(new Occurrence(start.toInstant(), end.toInstant()));
            }
        }
        out.sort(java.util.Comparator.comparing(Occurrence::start));
        return out;
    }

    private static ZoneOffset offset(String time) {
        return ZoneOffset.of(time.substring(5));
    }

    static Map<String, Object> feedService(ListGroupsHandler handler, String groupId) {
        APIGatewayV2HTTPEvent event = event("hsds-service.json");
        event.setPathParameters(Map.of("id", new FeedIds(ListGroupsHandlerTest.STACK_ID).service(groupId).toString()));
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Json.parseObject(response.getBody());
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> schedules(Map<String, Object> service) {
        return (List<Map<String, Object>>) service.get("schedules");
    }

    @SuppressWarnings("unchecked")
    static List<Occurrence> nextMeetings(ListGroupsHandler handler, String groupId) {
        APIGatewayV2HTTPEvent event = event("get-group.json");
        event.setPathParameters(Map.of("groupId", groupId));
        Map<String, Object> group = Json.parseObject(ApiCalls.handle(handler, event, null).getBody());
        return ((List<Map<String, String>>) group.get("nextMeetings")).stream()
                .map(m -> new Occurrence(OffsetDateTime.parse(m.get("start")).toInstant(),
                        OffsetDateTime.parse(m.get("end")).toInstant()))
                .toList();
    }

    /**
     * Tuesdays at 18:30 in Denver, seen on 1 March 2027: two meetings at -07:00, then daylight
     * saving time begins (14 March) and two at -06:00. The feed's schedules, expanded, give the
     * same four meetings first, and say so with two different UTC offsets.
     */
    @Test
    void aDstCrossingGroup_feedScheduleAndNextMeetings_areTheSameMeetings() {
        Instant now = Instant.parse("2027-03-01T12:00:00Z");
        ListGroupsHandler handler = ListGroupsHandlerTest.handler(now);
        List<Occurrence> listed = nextMeetings(handler, "connection-tue-downtown");
        assertEquals(List.of(
                new Occurrence(Instant.parse("2027-03-03T01:30:00Z"), Instant.parse("2027-03-03T03:00:00Z")),
                new Occurrence(Instant.parse("2027-03-10T01:30:00Z"), Instant.parse("2027-03-10T03:00:00Z")),
                new Occurrence(Instant.parse("2027-03-17T00:30:00Z"), Instant.parse("2027-03-17T02:00:00Z")),
                new Occurrence(Instant.parse("2027-03-24T00:30:00Z"), Instant.parse("2027-03-24T02:00:00Z"))), listed);

        List<Map<String, Object>> schedules = schedules(feedService(handler, "connection-tue-downtown"));
        List<Occurrence> expanded = expand(schedules).stream().filter(o -> o.end().isAfter(now)).toList();
        assertEquals(listed, expanded.subList(0, 4));
        assertEquals(List.of("18:30-07:00", "18:30-06:00"),
                schedules.stream().limit(2).map(s -> (String) s.get("opens_at")).toList());
        assertEquals(List.of(-7L, -6L), schedules.stream().limit(2).map(s -> s.get("timezone")).toList());
    }

    /** Groups with awkward schedules: other zones, fortnights, months, and Denver's missing and repeated hours. */
    static final List<Group> AWKWARD = List.of(
            variant("sydney-thursday", "Australia/Sydney", "FREQ=WEEKLY;BYDAY=TH", "2026-01-08", "19:00", 90),
            variant("london-fortnightly", "Europe/London", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", "2026-01-05", "18:00", 60),
            variant("kolkata-monthly", "Asia/Kolkata", "FREQ=MONTHLY;BYDAY=2SU,-1WE", "2026-01-11", "17:30", 90),
            // 02:30 does not exist on 14 March 2027 in Denver (it moves to 03:30); 01:30 happens twice on 7 November.
            variant("denver-gap-sunday", "America/Denver", "FREQ=WEEKLY;BYDAY=SU", "2026-01-04", "02:30", 60),
            variant("denver-overlap-sunday", "America/Denver", "FREQ=WEEKLY;BYDAY=SU", "2026-01-04", "01:30", 60),
            variant("late-night-monthly", "America/Denver", "FREQ=MONTHLY;INTERVAL=2;BYDAY=1SA", "2026-01-03", "23:00", 120));
    /** The sample groups and closures with the awkward groups, on moto, written once per JVM. */
    private static LocalDeployment awkward;

    static synchronized LocalDeployment awkward() {
        if (awkward == null) {
            awkward = LocalDeployment.create();
            SampleData.load().writeTo(awkward);
            AWKWARD.forEach(group -> SampleData.put(awkward, group));
        }
        return awkward;
    }

    static Stream<Arguments> groupsAndTimes() {
        List<Arguments> cases = new ArrayList<>();
        Map<String, PublicGroup> groups = new LinkedHashMap<>();
        SampleData.load().groups().stream().filter(g -> !g.archived()).forEach(g -> groups.put(g.id(), g.listing()));
        AWKWARD.forEach(g -> groups.put(g.id(), g.listing()));
        for (String now : List.of("2026-11-25T20:00:00Z", "2027-03-01T12:00:00Z", "2027-10-25T12:00:00Z")) {
            for (String id : groups.keySet()) {
                cases.add(Arguments.of(id, now, groups));
            }
        }
        return cases.stream();
    }

    private static Group variant(String id, String zone, String rrule, String startDate, String startTime, long minutes) {
        Map<String, Object> schedule = Map.of("timezone", zone, "rrule", rrule, "startDate", startDate,
                "startTime", startTime, "durationMinutes", minutes, "exdates", List.of());
        return SampleData.variant("family-support-thu-online", id, Map.of("schedule", schedule));
    }

    /** Every meeting in the feed's window, for sample and awkward groups, at three moments of the year. */
    @ParameterizedTest(name = "{0} at {1}")
    @MethodSource("groupsAndTimes")
    void everyFeedSchedule_expandsToExactlyTheGroupsMeetingsInItsWindow(String groupId, String at,
                                                                         Map<String, PublicGroup> groups) {
        Instant now = Instant.parse(at);
        Listing listing = new Listing(List.copyOf(groups.values()), ListGroupsHandlerTest.sampleListing().closures());
        ListGroupsHandler handler = ListGroupsHandlerTest.handler(awkward(), Clock.fixed(now, ZoneOffset.UTC));
        PublicGroup group = groups.get(groupId);

        LocalDate windowEnd = now.atZone(group.schedule().timezone()).toLocalDate().plusYears(1);
        List<Occurrence> meetings = group.schedule().nextMeetings(now, 1000, listing.closures(), DENVER).stream()
                .filter(m -> !m.start().toLocalDate().isAfter(windowEnd)).map(Occurrence::of).toList();
        List<Map<String, Object>> schedules = schedules(feedService(handler, groupId));
        List<Occurrence> expanded = expand(schedules);

        assertEquals(meetings, expanded.stream().filter(o -> o.end().isAfter(now)).toList());
        assertEquals(nextMeetings(handler, groupId), meetings.subList(0, Math.min(4, meetings.size())));
        assertTrue(meetings.size() >= 6, "a year holds meetings: " + meetings.size());
        Set<String> ids = new TreeSet<>();
        schedules.forEach(s -> assertTrue(ids.add((String) s.get("id")), "schedule ids are unique"));
    }

    /** Skipped meetings (exdates, closures) are named in the notes of the schedule they interrupt. */
    @Test
    void skippedMeetings_areNamedInTheNotes() {
        ListGroupsHandler handler = ListGroupsHandlerTest.handler(ListGroupsHandlerTest.NOW);
        List<Map<String, Object>> tuesdays = schedules(feedService(handler, "connection-tue-downtown"));
        assertEquals("No meeting on 2026-12-22, 2026-12-29.", tuesdays.get(0).get("notes"));
        assertEquals("2026-12-15", tuesdays.get(0).get("until"));
        assertEquals("2027-01-05", tuesdays.get(1).get("dtstart"));
        // The last Friday of December 2026 is Christmas Day, an organisation-wide closure.
        List<Map<String, Object>> fridays = schedules(feedService(handler, "peer-family-circle-last-friday"));
        assertEquals(List.of("No meeting on 2026-12-25."), fridays.stream().filter(s -> s.containsKey("notes"))
                .map(s -> s.get("notes")).toList());
        // Thanksgiving is the first Thursday after now: noted on the first run, which starts after it.
        List<Map<String, Object>> thursdays = schedules(feedService(handler, "young-adults-thu-eastside"));
        assertEquals("2026-12-03", thursdays.get(0).get("valid_from"));
        assertEquals("No meeting on 2026-11-26.", thursdays.get(0).get("notes"));
        Map<String, Object> last = tuesdays.get(tuesdays.size() - 1);
        assertTrue(!last.containsKey("until") && last.get("valid_to").equals("2027-11-25"),
                "the last run is bounded only by the feed's one-year window: " + last);
    }

    /** HSDS's timezone is a number of hours: whole, half and three-quarter hours, either side of UTC. */
    @Test
    void timezone_isTheOffsetInHours() {
        assertEquals("-7", HsdsFeed.hours(ZoneOffset.ofHours(-7)));
        assertEquals("0", HsdsFeed.hours(ZoneOffset.UTC));
        assertEquals("10", HsdsFeed.hours(ZoneOffset.ofHours(10)));
        assertEquals("5.5", HsdsFeed.hours(ZoneOffset.ofHoursMinutes(5, 30)));
        assertEquals("5.75", HsdsFeed.hours(ZoneOffset.ofHoursMinutes(5, 45)));
        assertEquals("-3.5", HsdsFeed.hours(ZoneOffset.ofHoursMinutes(-3, -30)));
        assertEquals("12.75", HsdsFeed.hours(ZonedDateTime.of(2027, 7, 1, 12, 0, 0, 0,
                java.time.ZoneId.of("Pacific/Chatham")).getOffset()));
    }
}
