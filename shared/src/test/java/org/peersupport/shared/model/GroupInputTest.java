package org.peersupport.shared.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.shared.json.Json;

class GroupInputTest {
    private static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");

    private static Map<String, Object> valid() {
        return Json.parseObject("""
                {"name": "Connection Recovery Support Group", "program": "connection", "audience": "self",
                 "description": "Peer-led.", "languages": ["en"], "format": "hybrid", "area": "Downtown",
                 "accessibility": ["wheelchair"],
                 "schedule": {"timezone": "America/Denver", "rrule": "FREQ=WEEKLY;BYDAY=TU", "startDate": "2026-01-06",
                              "startTime": "18:30", "durationMinutes": 90, "exdates": ["2026-12-22"]},
                 "status": "active", "capacity": 12, "requiresEmergencyContact": true, "lastVerified": "2026-11-02",
                 "address": "100 Sample Street", "meetingUrl": "https://meet.example.org/x",
                 "facilitatorName": "Robin", "facilitatorEmail": "robin@example.org"}
                """);
    }

    @Test
    void parse_whenValid_splitsPublicAndPrivateParts() {
        Group group = GroupInput.parse("connection-tue", valid(), NOW);
        assertEquals("connection-tue", group.id());
        assertEquals(Format.HYBRID, group.listing().format());
        assertEquals(12, group.signupRules().capacity());
        assertTrue(group.listing().requiresEmergencyContact());
        assertEquals(LocalDate.of(2026, 11, 2), group.listing().lastVerified());
        assertEquals("100 Sample Street", group.meetingDetails().address());
        assertFalse(group.archived());
    }

    @Test
    void parse_whenManyFieldsAreWrong_namesEveryFieldWithoutRepeatingTheValues() {
        Map<String, Object> body = new LinkedHashMap<>(valid());
        body.put("audience", "everyone-secret");
        body.put("languages", List.of("english"));
        body.put("capacity", 0);
        body.put("meetingUrl", "http://insecure.example.org/secret-room");
        body.put("colour", "blue");
        @SuppressWarnings("unchecked")
        Map<String, Object> schedule = new LinkedHashMap<>((Map<String, Object>) body.get("schedule"));
        schedule.put("rrule", "FREQ=DAILY");
        body.put("schedule", schedule);
        GroupInput.InvalidGroupException e = assertThrows(GroupInput.InvalidGroupException.class,
                () -> GroupInput.parse("connection-tue", body, NOW));
        assertEquals(java.util.Set.of("audience", "languages", "capacity", "meetingUrl", "colour", "schedule.rrule"),
                e.fields().keySet());
        String messages = String.join(" ", e.fields().values());
        assertFalse(messages.contains("secret"), messages);
        assertFalse(messages.contains("english"), messages);
    }

    @Test
    void facilitatorUsernames_arePrivate_andMustBeStaffUsernamesEachOnce() {
        Map<String, Object> body = new LinkedHashMap<>(valid());
        body.put("facilitatorUsernames", List.of("robin", "sam.lee"));
        assertEquals(List.of("robin", "sam.lee"), GroupInput.parse("connection-tue", body, NOW).facilitatorUsernames());
        assertEquals(List.of(), GroupInput.parse("connection-tue", valid(), NOW).facilitatorUsernames());
        assertTrue(GroupInput.privateFieldNames().contains("facilitatorUsernames"));
        for (Object wrong : List.of(List.of("Robin"), List.of("robin", "robin"), List.of("ro bin"), List.of("-robin"),
                "robin", List.of("x".repeat(65)))) {
            body.put("facilitatorUsernames", wrong);
            GroupInput.InvalidGroupException e = assertThrows(GroupInput.InvalidGroupException.class,
                    () -> GroupInput.parse("connection-tue", body, NOW), String.valueOf(wrong));
            assertEquals(java.util.Set.of("facilitatorUsernames"), e.fields().keySet());
        }
    }

    @Test
    void parse_whenAnInPersonGroupHasNoAddress_refusesIt() {
        Map<String, Object> body = new LinkedHashMap<>(valid());
        body.remove("address");
        body.put("format", "in_person");
        GroupInput.InvalidGroupException e = assertThrows(GroupInput.InvalidGroupException.class,
                () -> GroupInput.parse("connection-tue", body, NOW));
        assertEquals(java.util.Set.of("address"), e.fields().keySet());
    }

    @Test
    void parse_whenTheBodyIdDiffersFromTheAddress_refusesIt() {
        Map<String, Object> body = new LinkedHashMap<>(valid());
        body.put("id", "another-group");
        assertTrue(assertThrows(GroupInput.InvalidGroupException.class,
                () -> GroupInput.parse("connection-tue", body, NOW)).fields().containsKey("id"));
        assertThrows(GroupInput.InvalidGroupException.class, () -> GroupInput.parse("Bad Id!", valid(), NOW));
    }

    @Test
    void parse_ignoresReadOnlyFieldsSentBack() {
        Map<String, Object> body = new LinkedHashMap<>(valid());
        body.put("nextMeetings", List.of());
        body.put("updatedAt", "2020-01-01T00:00:00Z");
        assertEquals(NOW, GroupInput.parse("connection-tue", body, NOW).listing().updatedAt());
    }

    @Test
    void parse_whenLastVerifiedIsAbsentOrNull_theListingWasNeverChecked() {
        Map<String, Object> body = new LinkedHashMap<>(valid());
        body.remove("lastVerified");
        assertNull(GroupInput.parse("connection-tue", body, NOW).listing().lastVerified());
        body.put("lastVerified", null);
        assertNull(GroupInput.parse("connection-tue", body, NOW).listing().lastVerified());
    }

    /** 20:00 UTC on Nov 25 is already Nov 26 at UTC+14, the furthest ahead; Nov 27 is the future everywhere. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-27", "2027-01-01", "2026-02-30", "26-11-02", "2026-11-2", "yesterday", "2026-11-02T00:00"})
    void parse_whenLastVerifiedIsNotADateUpToToday_refusesItWithoutRepeatingIt(String value) {
        Map<String, Object> body = new LinkedHashMap<>(valid());
        body.put("lastVerified", value);
        GroupInput.InvalidGroupException e = assertThrows(GroupInput.InvalidGroupException.class,
                () -> GroupInput.parse("connection-tue", body, NOW));
        assertEquals(java.util.Set.of("lastVerified"), e.fields().keySet());
        assertFalse(e.fields().get("lastVerified").contains(value));
    }

    /** A staff member whose device is ahead of the organisation (Kiritimati, UTC+14) can still say "today". */
    @Test
    void parse_acceptsTodayWhereverTheStaffMemberIs_butNotADayLater() {
        Instant denverEvening = Instant.parse("2026-11-26T05:30:00Z"); // 22:30 on Nov 25 in Denver, 19:30 Nov 26 at UTC+14
        Map<String, Object> body = new LinkedHashMap<>(valid());
        body.put("lastVerified", "2026-11-26");
        assertEquals(LocalDate.of(2026, 11, 26), GroupInput.parse("connection-tue", body, denverEvening).listing().lastVerified());
        body.put("lastVerified", "2026-11-27");
        assertThrows(GroupInput.InvalidGroupException.class, () -> GroupInput.parse("connection-tue", body, denverEvening));
    }
}
