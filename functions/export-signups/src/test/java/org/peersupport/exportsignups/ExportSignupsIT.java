package org.peersupport.exportsignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.DynamoFaults;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StaffClaims;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The real handler, configured as template.yaml configures it, against moto. Tests that export
 * every group keep to their own dates, so they do not see each other's sign-ups.
 */
class ExportSignupsIT {
    static final String GROUP = "connection-tue-downtown";
    static final String OTHER_GROUP = "family-support-thu-online";
    static LocalDeployment deployment;
    static ExportSignupsHandler handler;
    static DynamoDbTable<SignupItem> signups;
    static DynamoDbTable<AuditItem> audit;

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        handler = new ExportSignupsHandler(deployment.env("ExportSignupsFunction"),
                AwsClients.dynamoDb(deployment.env("ExportSignupsFunction")), Clock.systemUTC());
        signups = deployment.enhanced().table(deployment.physicalId("SignupsTable"), SignupItem.SCHEMA);
        audit = deployment.enhanced().table(deployment.physicalId("AuditTable"), AuditItem.SCHEMA);
    }

    /** A stored sign-up for a new fictional person, as create-signup writes it. */
    static SignupItem signup(String groupId, String createdAt, String status, String emailStatus, long expiresAt) {
        PersonalData.Person person = PersonalData.person();
        String emailKey = UUID.randomUUID().toString().replace("-", "");
        SignupItem item = SignupItem.builder().pk(SignupKeys.groupPk(groupId)).sk(SignupKeys.signupSk(emailKey))
                .signupId(UUID.randomUUID().toString()).groupId(groupId).emailKey(emailKey).createdAt(createdAt)
                .expiresAt(expiresAt).firstName(person.firstName()).email(person.email()).phone(person.phone())
                .forWhom("self").language("en").status(status).emailStatus(emailStatus)
                .emergencyContactName("Emergency " + person.firstName()).build();
        signups.putItem(item);
        return item;
    }

    static long future() {
        return Instant.now().getEpochSecond() + 86_400;
    }

    static APIGatewayV2HTTPResponse export(Map<String, String> query) {
        return export(handler, query);
    }

    static APIGatewayV2HTTPResponse export(ExportSignupsHandler h, Map<String, String> query) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/export-signups.json");
        event.setQueryStringParameters(new HashMap<>(query));
        return ApiCalls.handle(h, event, null);
    }

    static List<AuditItem> auditRecords() {
        List<AuditItem> items = new ArrayList<>();
        audit.query(QueryConditional.keyEqualTo(Key.builder().partitionValue(AuditItem.PK).build()))
                .items().forEach(items::add);
        return items;
    }

    /** The query of a {@code Link: <...>; rel="next"} header. */
    static Map<String, String> nextQuery(String link) {
        assertTrue(link.matches("</staff/signups\\?[^>]+>; rel=\"next\""), link);
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : link.substring(link.indexOf('?') + 1, link.indexOf('>')).split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return query;
    }

    @Test
    void groupExport_csv_hasTheGroupsLiveSignupsOnly_withEmailStatus_andIsAudited() throws Exception {
        SignupItem confirmed = signup(GROUP, "2026-06-10T18:00:00Z", "confirmed", "sent", future());
        SignupItem waitlisted = signup(GROUP, "2026-06-11T18:00:00.250Z", "waitlisted", "pending", future());
        SignupItem expired = signup(GROUP, "2026-06-12T18:00:00Z", "confirmed", "sent", Instant.now().getEpochSecond() - 1);
        SignupItem otherGroup = signup(OTHER_GROUP, "2026-06-12T18:00:00Z", "confirmed", "undeliverable", future());
        SignupItem unconfirmed = signup(GROUP, "2026-06-13T18:00:00Z", "unconfirmed", null, future());
        deployment.dynamoDb().putItem(r -> r.tableName(deployment.physicalId("SignupsTable")).item(Map.of(
                "pk", AttributeValue.fromS(SignupKeys.groupPk(GROUP)), "sk", AttributeValue.fromS(SignupKeys.COUNT_SK),
                "confirmed", AttributeValue.fromN("1"))));
        int auditBefore = auditRecords().size();

        APIGatewayV2HTTPResponse response = export(Map.of("groupId", GROUP, "since", "2026-06-01", "until", "2026-06-30"));

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("text/csv; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        assertEquals("nosniff", response.getHeaders().get("X-Content-Type-Options"));
        assertTrue(response.getHeaders().get("Content-Disposition")
                .matches("attachment; filename=\"signups-connection-tue-downtown-\\d{4}-\\d{2}-\\d{2}\\.csv\""));
        assertNull(response.getHeaders().get("Link"));
        List<CSVRecord> rows = ExportPageTest.parseStrictly(response.getBody());
        Map<String, CSVRecord> byId = new HashMap<>();
        rows.forEach(r -> byId.put(r.get("signupId"), r));
        assertEquals(Set.of(confirmed.signupId(), waitlisted.signupId()), byId.keySet(),
                "confirmed and waitlisted only: never an unconfirmed sign-up (" + unconfirmed.signupId() + ")");
        CSVRecord row = byId.get(waitlisted.signupId());
        assertEquals("Connection Recovery Support Group", row.get("groupName"));
        assertEquals(waitlisted.firstName(), row.get("firstName"));
        assertEquals(waitlisted.email(), row.get("email"));
        assertEquals("'" + waitlisted.phone(), row.get("phone"), "E.164 starts with +, a formula trigger");
        assertEquals("waitlisted", row.get("status"));
        assertEquals("pending", row.get("emailStatus"));
        assertEquals("2026-06-11T18:00:00.250Z", row.get("createdAt"));
        assertFalse(response.getBody().contains("Emergency"), "emergency contacts are not in the export");
        assertFalse(response.getBody().contains(expired.email()));
        assertFalse(response.getBody().contains(otherGroup.email()));

        List<AuditItem> records = auditRecords();
        assertEquals(auditBefore + 1, records.size());
        AuditItem record = records.get(records.size() - 1);
        assertEquals("export_signups", record.action());
        assertEquals("robin", record.principal());
        assertEquals(2, record.rowCount());
        assertEquals(Map.of("groupId", GROUP, "since", "2026-06-01", "until", "2026-06-30", "format", "csv",
                "limit", "1000", "page", "first"), record.filters());
        String stored = String.valueOf(deployment.dynamoDb().query(q -> q.tableName(deployment.physicalId("AuditTable"))
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("AUDIT")))).items());
        for (SignupItem s : List.of(confirmed, waitlisted)) {
            assertFalse(stored.contains(s.email()) || stored.contains(s.firstName()) || stored.contains(s.emailKey()),
                    "an audit record holds personal data");
        }
    }

    @Test
    void allGroups_json_pagesThroughEveryRowExactlyOnce_bySinceAndUntilInTheOrgZone() {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            // 2025-02-01 00:00 in Denver is 07:00 UTC; these are all inside February in Denver
            String created = String.format("2025-02-%02dT%02d:00:00Z", 1 + i, 7 + (i % 12));
            expected.add(signup(i % 2 == 0 ? GROUP : OTHER_GROUP, created, "confirmed", "sent", future()).signupId());
        }
        signup(GROUP, "2025-02-01T06:59:59.999Z", "confirmed", "sent", future()); // Jan 31 in Denver
        signup(GROUP, "2025-03-01T07:00:00Z", "confirmed", "sent", future());     // Mar 1 in Denver
        expected.add(signup(GROUP, "2025-03-01T06:59:59Z", "confirmed", "sent", future()).signupId()); // Feb 28, 23:59:59

        Map<String, String> query = new HashMap<>(Map.of("since", "2025-02-01", "until", "2025-02-28",
                "format", "json", "limit", "7"));
        Set<String> seen = new HashSet<>();
        int pages = 0;
        while (true) {
            APIGatewayV2HTTPResponse response = export(query);
            assertEquals(200, response.getStatusCode(), response.getBody());
            assertEquals("application/json; charset=utf-8", response.getHeaders().get("Content-Type"));
            assertEquals("no-store", response.getHeaders().get("Cache-Control"));
            Map<String, Object> body = Json.parseObject(response.getBody());
            List<?> rows = (List<?>) body.get("signups");
            assertTrue(rows.size() <= 7);
            for (Object row : rows) {
                assertTrue(seen.add((String) ((Map<?, ?>) row).get("signupId")), "a row came twice");
            }
            pages++;
            assertTrue(pages < 20);
            if (body.get("nextCursor") == null) {
                break;
            }
            query.put("cursor", (String) body.get("nextCursor"));
        }
        assertEquals(expected, seen);
        assertTrue(pages >= 4);
    }

    @Test
    void aPageStopsBeforeItsSizeLimit_andTheLinkHeaderLeadsToTheRest() throws Exception {
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            expected.add(signup(OTHER_GROUP, String.format("2024-05-%02dT12:00:00Z", 1 + i), "confirmed", "sent", future())
                    .signupId());
        }
        // the same stack, with pages capped at about three rows' worth
        Map<String, String> values = new HashMap<>(deployment.environment("ExportSignupsFunction"));
        values.put(ExportSignupsHandler.PAGE_BYTES, "700");
        Env env = new Env(values);
        ExportSignupsHandler small = new ExportSignupsHandler(env, AwsClients.dynamoDb(env), Clock.systemUTC());
        // one group (a Query) and every group (a Scan, which resumes mid-page from a sign-up's key)
        for (Map<String, String> filters : List.of(Map.of("groupId", OTHER_GROUP, "since", "2024-05-01", "until", "2024-05-31"),
                Map.of("since", "2024-05-01", "until", "2024-05-31"))) {
            Map<String, String> query = new HashMap<>(filters);
            Set<String> seen = new HashSet<>();
            int pages = 0;
            String link;
            do {
                APIGatewayV2HTTPResponse response = export(small, query);
                assertEquals(200, response.getStatusCode(), response.getBody());
                assertTrue(ExportPage.wireSize(response.getBody()) <= 700);
                for (CSVRecord row : ExportPageTest.parseStrictly(response.getBody())) {
                    assertTrue(seen.add(row.get("signupId")));
                }
                pages++;
                link = response.getHeaders().get("Link");
                if (link != null) {
                    query = nextQuery(link);
                    assertEquals(filters.get("groupId"), query.get("groupId"));
                }
            } while (link != null && pages < 20);
            assertEquals(expected, seen);
            assertTrue(pages >= 4, "pages: " + pages);
        }
    }

    @Test
    void whenTheAuditRecordCannotBeWritten_noDataIsReturned() {
        SignupItem item = signup(GROUP, "2023-03-03T12:00:00Z", "confirmed", "sent", future());
        Env env = deployment.env("ExportSignupsFunction");
        DynamoFaults throttled = new DynamoFaults().fail(PutItemRequest.class, DynamoFaults.Kind.THROUGHPUT_EXCEEDED,
                Integer.MAX_VALUE); // the audit record's write; an export writes nothing else
        ExportSignupsHandler auditDown = new ExportSignupsHandler(env, TestClients.dynamoDb(env, throttled),
                Clock.systemUTC());
        APIGatewayV2HTTPResponse response = export(auditDown, Map.of("groupId", GROUP, "since", "2023-03-01", "until", "2023-03-31"));
        assertEquals(503, response.getStatusCode());
        assertFalse(response.getBody().contains(item.email()));
        assertFalse(response.getBody().contains(item.firstName()));
        assertEquals("unavailable", ((Map<?, ?>) Json.parseObject(response.getBody()).get("error")).get("code"));
    }

    @Test
    void aCursorFromAnotherQuery_isACalm400() {
        for (int i = 0; i < 3; i++) {
            signup(GROUP, String.format("2022-04-%02dT12:00:00Z", 1 + i), "confirmed", "sent", future());
        }
        APIGatewayV2HTTPResponse first = export(Map.of("since", "2022-04-01", "until", "2022-04-30", "format", "json", "limit", "1"));
        String cursor = (String) Json.parseObject(first.getBody()).get("nextCursor");
        assertNotNull(cursor);
        APIGatewayV2HTTPResponse other = export(Map.of("since", "2022-04-02", "until", "2022-04-30", "cursor", cursor));
        assertEquals(400, other.getStatusCode());
        assertFalse(other.getBody().contains(cursor));
    }

    /**
     * The sample data names local-facilitator among those who run GROUP: they export it, with their
     * username in the audit; another group is 403 with no audit record (nothing was read).
     */
    @Test
    void aFacilitator_exportsTheGroupTheyRun_andIsRefusedAnother() {
        SignupItem theirs = signup(GROUP, "2021-02-02T12:00:00Z", "confirmed", "sent", future());
        SignupItem others = signup(OTHER_GROUP, "2021-02-02T12:00:00Z", "confirmed", "sent", future());
        APIGatewayV2HTTPEvent own = StaffClaims.facilitator(EventLoader.loadApiGatewayHttpEvent("events/export-signups.json"),
                "local-facilitator");
        own.setQueryStringParameters(new HashMap<>(Map.of("groupId", GROUP, "since", "2021-02-01", "until", "2021-02-28",
                "format", "json")));
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, own, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertTrue(response.getBody().contains(theirs.signupId()));
        AuditItem record = auditRecords().get(auditRecords().size() - 1);
        assertEquals("local-facilitator", record.principal());

        int auditBefore = auditRecords().size();
        for (Map<String, String> query : List.of(Map.of("groupId", OTHER_GROUP), Map.of("groupId", "no-such-group"))) {
            APIGatewayV2HTTPEvent other = StaffClaims.facilitator(
                    EventLoader.loadApiGatewayHttpEvent("events/export-signups.json"), "local-facilitator");
            other.setQueryStringParameters(new HashMap<>(query));
            APIGatewayV2HTTPResponse refused = ApiCalls.handle(handler, other, null);
            assertEquals(403, refused.getStatusCode(), query.toString());
            assertFalse(refused.getBody().contains(others.email()));
        }
        APIGatewayV2HTTPEvent someoneElse = StaffClaims.facilitator(
                EventLoader.loadApiGatewayHttpEvent("events/export-signups.json"), "another-facilitator");
        someoneElse.setQueryStringParameters(new HashMap<>(Map.of("groupId", GROUP)));
        assertEquals(403, ApiCalls.handle(handler, someoneElse, null).getStatusCode(), "a facilitator of no group");
        assertEquals(auditBefore, auditRecords().size(), "a refused export is not audited: nothing was read");
    }

    @Test
    void unknownGroup_is404_andUnsignedRequests_are403() {
        assertEquals(404, export(Map.of("groupId", "no-such-group")).getStatusCode());
        APIGatewayV2HTTPResponse unsigned = ApiCalls.handle(handler, 
                EventLoader.loadApiGatewayHttpEvent("events/export-signups-unsigned.json"), null);
        assertEquals(403, unsigned.getStatusCode());
    }
}
