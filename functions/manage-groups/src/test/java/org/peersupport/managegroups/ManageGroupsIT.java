package org.peersupport.managegroups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.GroupInput;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.shared.store.ClosureItem;
import org.peersupport.shared.store.GroupItem;
import org.peersupport.shared.store.MeetingDetailsItem;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StaffClaims;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;

/** The real handler, configured as template.yaml configures it, against moto with the sample groups. */
class ManageGroupsIT {
    static LocalDeployment deployment;
    static ManageGroupsHandler handler;
    static DynamoDbEnhancedClient db;

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        handler = new ManageGroupsHandler(deployment.env("ManageGroupsFunction"),
                AwsClients.dynamoDb(deployment.env("ManageGroupsFunction")), Clock.systemUTC());
        db = deployment.enhanced();
    }

    static APIGatewayV2HTTPEvent event(String file) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + file);
    }

    static APIGatewayV2HTTPResponse call(String file, Map<String, String> path, String body) {
        APIGatewayV2HTTPEvent event = event(file);
        if (path != null) {
            event.setPathParameters(new HashMap<>(path));
        }
        if (body != null) {
            event.setBody(body);
        }
        return ApiCalls.handle(handler, event, null);
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> staffGroups() {
        APIGatewayV2HTTPResponse response = call("list-staff-groups.json", null, null);
        assertEquals(200, response.getStatusCode());
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        return (List<Map<String, Object>>) Json.parseObject(response.getBody()).get("groups");
    }

    static Map<String, Object> staffGroup(String id) {
        return staffGroups().stream().filter(g -> id.equals(g.get("id"))).findFirst().orElse(null);
    }

    static List<AuditItem> audit() {
        List<AuditItem> items = new ArrayList<>();
        db.table(deployment.physicalId("AuditTable"), AuditItem.SCHEMA)
                .query(QueryConditional.keyEqualTo(Key.builder().partitionValue(AuditItem.PK).build()))
                .items().forEach(items::add);
        return items;
    }

    /** Audit records with this filter, oldest first (records in one millisecond have no set order). */
    static List<AuditItem> auditWith(String filter, String value) {
        return audit().stream().filter(a -> value.equals(a.filters().get(filter))).toList();
    }

    static Map<String, Object> sampleBody() {
        return Json.parseObject(event("put-group.json").getBody());
    }

    @Test
    void staffList_hasEveryGroupWithPrivateFields_archivedIncluded() {
        List<Map<String, Object>> groups = staffGroups();
        Map<String, Object> archived = groups.stream().filter(g -> "connection-sun-northside".equals(g.get("id")))
                .findFirst().orElseThrow();
        assertEquals(true, archived.get("archived"));
        Map<String, Object> downtown = groups.stream().filter(g -> "connection-tue-downtown".equals(g.get("id")))
                .findFirst().orElseThrow();
        assertEquals("Example Community Center, Room 204, 100 Sample Street, Springfield", downtown.get("address"));
        assertEquals("connection-downtown@example.org", downtown.get("facilitatorEmail"));
        assertEquals(15L, downtown.get("capacity"));
        assertEquals(false, downtown.get("archived"));
        assertEquals(4, ((List<?>) downtown.get("nextMeetings")).size());
        assertEquals(List.of("local-facilitator"), downtown.get("facilitatorUsernames"));
        assertTrue(downtown.keySet().containsAll(GroupInput.publicFieldNames()));
    }

    /** A facilitator sees only the groups that name them, with everything they need to run them. */
    @Test
    @SuppressWarnings("unchecked")
    void staffList_forAFacilitator_hasOnlyTheGroupsTheyRun() {
        APIGatewayV2HTTPResponse own = ApiCalls.handle(handler, 
                StaffClaims.facilitator(event("list-staff-groups.json"), "local-facilitator"), null);
        assertEquals(200, own.getStatusCode(), own.getBody());
        List<Map<String, Object>> groups = (List<Map<String, Object>>) Json.parseObject(own.getBody()).get("groups");
        assertEquals(List.of("connection-tue-downtown"), groups.stream().map(g -> g.get("id")).toList());
        assertEquals("Example Community Center, Room 204, 100 Sample Street, Springfield", groups.get(0).get("address"));

        APIGatewayV2HTTPResponse none = ApiCalls.handle(handler, 
                StaffClaims.facilitator(event("list-staff-groups.json"), "runs-nothing"), null);
        assertEquals(200, none.getStatusCode());
        assertEquals(List.of(), Json.parseObject(none.getBody()).get("groups"));
    }

    @Test
    void putGroup_creates201_thenReplaces200_storesBothParts_andAuditsEach() {
        String id = "connection-mon-northgate";
        int before = audit().size();
        APIGatewayV2HTTPResponse created = call("put-group.json", null, null);
        assertEquals(201, created.getStatusCode(), created.getBody());
        Map<String, Object> body = Json.parseObject(created.getBody());
        assertEquals(id, body.get("id"));
        assertEquals("Example Library, Meeting Room B, 400 Sample Road, Springfield", body.get("address"));
        assertEquals(4, ((List<?>) body.get("nextMeetings")).size());

        Map<String, Object> changed = sampleBody();
        changed.put("name", "Evening Connection Group (Northgate Library)");
        changed.put("capacity", 20);
        changed.put("facilitatorUsernames", List.of("robin.k", "sam.lee"));
        APIGatewayV2HTTPResponse replaced = call("put-group.json", null, Json.write(json -> {
            json.writeStartObject();
            for (Map.Entry<String, Object> field : changed.entrySet()) {
                json.writeFieldName(field.getKey());
                writeValue(json, field.getValue());
            }
            json.writeEndObject();
        }));
        assertEquals(200, replaced.getStatusCode(), replaced.getBody());

        GroupItem item = db.table(deployment.physicalId("GroupsTable"), GroupItem.SCHEMA)
                .getItem(Key.builder().partitionValue(id).build());
        assertEquals("Evening Connection Group (Northgate Library)", item.name());
        assertEquals(20, item.capacity());
        MeetingDetailsItem details = db.table(deployment.physicalId("MeetingDetailsTable"), MeetingDetailsItem.SCHEMA)
                .getItem(Key.builder().partitionValue(id).build());
        assertEquals("northgate@example.org", details.facilitatorEmail());
        assertEquals(List.of("robin.k", "sam.lee"), details.facilitatorUsernames());
        assertEquals(20L, staffGroup(id).get("capacity"));
        assertEquals(List.of("robin.k", "sam.lee"), staffGroup(id).get("facilitatorUsernames"));

        assertEquals(before + 2, audit().size());
        List<AuditItem> records = auditWith("groupId", id);
        assertEquals(2, records.size());
        for (AuditItem record : records) {
            assertEquals("put_group", record.action());
            assertEquals(Map.of("groupId", id), record.filters());
            assertEquals("robin", record.principal());
        }
    }

    @SuppressWarnings("unchecked")
    static void writeValue(com.fasterxml.jackson.core.JsonGenerator json, Object value) throws java.io.IOException {
        if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
                json.writeFieldName(e.getKey());
                writeValue(json, e.getValue());
            }
            json.writeEndObject();
        } else if (value instanceof List<?> list) {
            json.writeStartArray();
            for (Object o : list) {
                writeValue(json, o);
            }
            json.writeEndArray();
        } else if (value instanceof String s) {
            json.writeString(s);
        } else if (value instanceof Number n) {
            json.writeNumber(n.longValue());
        } else if (value instanceof Boolean b) {
            json.writeBoolean(b);
        } else {
            json.writeNull();
        }
    }

    /** "Mark verified": staff send the group back as they see it, with today's date (in OrgTimeZone). */
    @Test
    void markVerified_isAPutOfTheStaffViewWithTodaysDate_andStaffSeeTheDate() {
        String id = "peer-family-circle-last-friday";
        Map<String, Object> group = new java.util.LinkedHashMap<>(staffGroup(id));
        assertEquals("2026-07-20", group.get("lastVerified"));
        assertEquals(true, group.get("requiresEmergencyContact"));
        String today = java.time.LocalDate.now(SampleData.orgZone()).toString();
        group.put("lastVerified", today);
        APIGatewayV2HTTPResponse response = call("put-group.json", Map.of("groupId", id),
                Json.write(json -> Json.writeValue(json, group)));
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(today, Json.parseObject(response.getBody()).get("lastVerified"));

        Map<String, Object> after = staffGroup(id);
        assertEquals(today, after.get("lastVerified"));
        assertEquals(true, after.get("requiresEmergencyContact"));
        assertEquals(group.get("facilitatorEmail"), after.get("facilitatorEmail"));
        GroupItem item = db.table(deployment.physicalId("GroupsTable"), GroupItem.SCHEMA)
                .getItem(Key.builder().partitionValue(id).build());
        assertEquals(today, item.lastVerified());
    }

    @Test
    void putGroup_lastVerifiedInTheFuture_is400_andTheStoredDateStays() {
        String id = "family-support-thu-online";
        Map<String, Object> group = new java.util.LinkedHashMap<>(staffGroup(id));
        String stored = (String) group.get("lastVerified");
        group.put("lastVerified", java.time.LocalDate.now(SampleData.orgZone()).plusDays(2).toString());
        APIGatewayV2HTTPResponse response = call("put-group.json", Map.of("groupId", id),
                Json.write(json -> Json.writeValue(json, group)));
        assertEquals(400, response.getStatusCode());
        assertEquals(Set.of("lastVerified"),
                ((Map<?, ?>) ((Map<?, ?>) Json.parseObject(response.getBody()).get("error")).get("fields")).keySet());
        assertEquals(stored, staffGroup(id).get("lastVerified"));
    }

    @Test
    void putGroup_invalid_is400NamingFields_andWritesNothing() {
        int before = audit().size();
        APIGatewayV2HTTPResponse response = call("put-group.json", Map.of("groupId", "bad-schedule"),
                "{\"name\":\"X\",\"program\":\"connection\",\"audience\":\"self\",\"languages\":[\"en\"],"
                        + "\"format\":\"online\",\"area\":\"Online\",\"meetingUrl\":\"https://meet.example.org/x\","
                        + "\"schedule\":{\"timezone\":\"Mars/Olympus\",\"rrule\":\"FREQ=DAILY\",\"startDate\":\"2027-01-04\","
                        + "\"startTime\":\"19:00\",\"durationMinutes\":90},\"colour\":\"blue\"}");
        assertEquals(400, response.getStatusCode());
        Map<?, ?> fields = (Map<?, ?>) ((Map<?, ?>) Json.parseObject(response.getBody()).get("error")).get("fields");
        assertTrue(fields.containsKey("schedule.timezone") || fields.containsKey("schedule.rrule"), fields.toString());
        assertTrue(fields.containsKey("colour"));
        assertFalse(response.getBody().contains("Mars"));
        assertNull(staffGroup("bad-schedule"));
        assertEquals(before, audit().size());
    }

    @Test
    void putGroup_wrongContentTypeOrMalformedOrTooLarge_isRefusedCalmly() {
        APIGatewayV2HTTPEvent form = event("put-group.json");
        form.getHeaders().put("content-type", "application/x-www-form-urlencoded");
        assertEquals(415, ApiCalls.handle(handler, form, null).getStatusCode());
        assertEquals(400, call("put-group.json", null, "{\"name\":").getStatusCode());
        assertEquals(400, call("put-group.json", null, "[1,2]").getStatusCode());
        assertEquals(413, call("put-group.json", null, "{\"description\":\"" + "x".repeat(70_000) + "\"}").getStatusCode());
    }

    @Test
    void archive_hidesNothingFromStaff_setsArchived_is204_and404ForUnknown() {
        String id = "young-adults-thu-eastside";
        int before = audit().size();
        APIGatewayV2HTTPResponse archived = call("archive-group.json", Map.of("groupId", id), null);
        assertEquals(204, archived.getStatusCode());
        assertEquals(true, staffGroup(id).get("archived"));
        GroupItem item = db.table(deployment.physicalId("GroupsTable"), GroupItem.SCHEMA)
                .getItem(Key.builder().partitionValue(id).build());
        assertEquals(Boolean.TRUE, item.archived());
        List<AuditItem> records = auditWith("groupId", id);
        assertEquals(1, records.size());
        assertEquals("archive_group", records.get(0).action());
        assertEquals(Map.of("groupId", id), records.get(0).filters());
        assertEquals(before + 1, audit().size());

        assertEquals(404, call("archive-group.json", Map.of("groupId", "no-such-group"), null).getStatusCode());
        assertEquals(404, call("archive-group.json", Map.of("groupId", "../x"), null).getStatusCode());
        assertEquals(before + 1, audit().size(), "nothing is audited for a group that is not there");
    }

    @Test
    void closures_putListDelete_withStatusCodesAndAudit() {
        int before = audit().size();
        assertEquals(201, call("put-closure.json", Map.of("date", "2027-07-05"), "{\"name\":\"Independence Day (observed)\"}")
                .getStatusCode());
        APIGatewayV2HTTPResponse again = call("put-closure.json", Map.of("date", "2027-07-05"), "{\"name\":\"Day off\"}");
        assertEquals(200, again.getStatusCode());
        assertEquals("Day off", Json.parseObject(again.getBody()).get("name"));
        assertEquals(201, call("put-closure.json", Map.of("date", "2027-06-01"), "").getStatusCode());

        APIGatewayV2HTTPResponse list = call("list-closures.json", null, null);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> closures = (List<Map<String, Object>>) Json.parseObject(list.getBody()).get("closures");
        List<String> dates = closures.stream().map(c -> (String) c.get("date")).toList();
        assertEquals(dates.stream().sorted().toList(), dates);
        assertTrue(dates.containsAll(List.of("2027-06-01", "2027-07-05", "2026-11-26")));

        assertEquals(204, call("delete-closure.json", Map.of("date", "2027-07-05"), null).getStatusCode());
        assertEquals(404, call("delete-closure.json", Map.of("date", "2027-07-05"), null).getStatusCode());
        assertNull(db.table(deployment.physicalId("ClosuresTable"), ClosureItem.SCHEMA)
                .getItem(Key.builder().partitionValue("2027-07-05").build()));

        assertEquals(before + 4, audit().size());
        assertEquals(List.of("delete_closure", "put_closure", "put_closure"),
                auditWith("date", "2027-07-05").stream().map(AuditItem::action).sorted().toList());
        assertEquals(List.of("put_closure"), auditWith("date", "2027-06-01").stream().map(AuditItem::action).toList());
    }

    @Test
    void closures_badDateOrName_are400() {
        assertEquals(400, call("put-closure.json", Map.of("date", "2027-02-30"), null).getStatusCode());
        assertEquals(400, call("delete-closure.json", Map.of("date", "tomorrow"), null).getStatusCode());
        APIGatewayV2HTTPResponse longName = call("put-closure.json", Map.of("date", "2027-08-01"),
                "{\"name\":\"" + "x".repeat(101) + "\"}");
        assertEquals(400, longName.getStatusCode());
        assertEquals(Set.of("name"), ((Map<?, ?>) ((Map<?, ?>) Json.parseObject(longName.getBody()).get("error")).get("fields")).keySet());
        assertEquals(400, call("put-closure.json", Map.of("date", "2027-08-01"), "{\"name\":\"a\\u0000b\"}").getStatusCode());
        assertEquals(400, call("put-closure.json", Map.of("date", "2027-08-01"), "{\"reason\":\"x\"}").getStatusCode());
    }

    @Test
    void unsigned_is403_andChangesNothing() {
        int before = audit().size();
        APIGatewayV2HTTPEvent event = event("put-closure.json");
        event.getRequestContext().setAuthorizer(null);
        event.setPathParameters(Map.of("date", "2027-09-09"));
        assertEquals(403, ApiCalls.handle(handler, event, null).getStatusCode());
        assertNull(db.table(deployment.physicalId("ClosuresTable"), ClosureItem.SCHEMA)
                .getItem(Key.builder().partitionValue("2027-09-09").build()));
        assertEquals(before, audit().size());
    }
}
