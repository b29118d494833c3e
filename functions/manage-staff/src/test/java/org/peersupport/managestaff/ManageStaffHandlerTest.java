package org.peersupport.managestaff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.peersupport.shared.http.StaffRole;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.testkit.StaffClaims;
import org.peersupport.testkit.api.ApiCalls;

/** What the handler decides, over a directory in memory: validation, the audit first, and no slips on one's own account. */
class ManageStaffHandlerTest {
    /** The user pool as a map, recording what was asked of it. */
    static final class MemoryDirectory implements StaffDirectory {
        final Map<String, StaffAccount> accounts = new LinkedHashMap<>();
        final List<String> changes = new ArrayList<>();

        @Override
        public List<StaffAccount> accounts() {
            return List.copyOf(accounts.values());
        }

        @Override
        public StaffAccount account(String username) {
            return accounts.get(username);
        }

        @Override
        public void invite(String username, String email, StaffRole role) {
            changes.add("invite " + username + " " + role.group());
            accounts.put(username, new StaffAccount(username, email, role, "FORCE_CHANGE_PASSWORD", true, Instant.EPOCH));
        }

        @Override
        public void setRole(String username, StaffRole role) {
            changes.add("role " + username + " " + role.group());
            StaffAccount a = accounts.get(username);
            accounts.put(username, new StaffAccount(username, a.email(), role, a.status(), a.enabled(), a.createdAt()));
        }

        @Override
        public boolean remove(String username) {
            changes.add("remove " + username);
            return accounts.remove(username) != null;
        }
    }

    final MemoryDirectory directory = new MemoryDirectory();
    final List<AuditItem> audit = new ArrayList<>();
    final ManageStaffHandler handler = new ManageStaffHandler(directory, audit::add,
            Clock.fixed(Instant.parse("2026-11-25T20:00:00Z"), ZoneOffset.UTC));

    static APIGatewayV2HTTPEvent put(String username, String body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/invite-staff-user.json");
        event.setPathParameters(new HashMap<>(Map.of("username", username)));
        event.setBody(body);
        return event;
    }

    static Map<?, ?> fields(APIGatewayV2HTTPResponse response) {
        return (Map<?, ?>) ((Map<?, ?>) Json.parseObject(response.getBody()).get("error")).get("fields");
    }

    @Test
    void invite_thenChangeRole_thenRemove_eachAuditedFirst() {
        APIGatewayV2HTTPResponse invited = ApiCalls.handle(handler, put("jordan.sample",
                "{\"email\": \"jordan.sample@example.org\", \"role\": \"facilitators\"}"), null);
        assertEquals(201, invited.getStatusCode(), invited.getBody());
        assertEquals("no-store", invited.getHeaders().get("Cache-Control"));
        Map<String, Object> account = Json.parseObject(invited.getBody());
        assertEquals("facilitators", account.get("role"));
        assertEquals("FORCE_CHANGE_PASSWORD", account.get("status"));

        APIGatewayV2HTTPResponse changed = ApiCalls.handle(handler, put("jordan.sample",
                "{\"email\": \"Jordan.Sample@example.org\", \"role\": \"admins\"}"), null);
        assertEquals(200, changed.getStatusCode(), changed.getBody());
        assertEquals("admins", Json.parseObject(changed.getBody()).get("role"));

        APIGatewayV2HTTPEvent remove = EventLoader.loadApiGatewayHttpEvent("events/remove-staff-user.json");
        assertEquals(204, ApiCalls.handle(handler, remove, null).getStatusCode());
        assertEquals(404, ApiCalls.handle(handler, EventLoader.loadApiGatewayHttpEvent("events/remove-staff-user.json"), null)
                .getStatusCode());

        assertEquals(List.of("invite jordan.sample facilitators", "role jordan.sample admins", "remove jordan.sample",
                "remove jordan.sample"), directory.changes);
        assertEquals(List.of("invite_staff", "change_staff_role", "remove_staff", "remove_staff"),
                audit.stream().map(AuditItem::action).toList());
        assertEquals(Map.of("username", "jordan.sample", "role", "facilitators"), audit.get(0).filters());
        for (AuditItem item : audit) {
            assertEquals("robin", item.principal());
            assertFalse(item.filters().toString().contains("example.org"), "no address in the audit trail");
        }
    }

    @Test
    void list_isSortedByUsername_withRoles() {
        directory.invite("sam", "sam@example.org", StaffRole.ADMIN);
        directory.invite("ana", "ana@example.org", StaffRole.FACILITATOR);
        directory.accounts.put("nobody", new StaffAccount("nobody", null, null, "CONFIRMED", true, null));
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, 
                EventLoader.loadApiGatewayHttpEvent("events/list-staff-users.json"), null);
        assertEquals(200, response.getStatusCode());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> users = (List<Map<String, Object>>) Json.parseObject(response.getBody()).get("users");
        assertEquals(List.of("ana", "nobody", "sam"), users.stream().map(u -> u.get("username")).toList());
        assertNull(users.get(1).get("role"));
        assertEquals("admins", users.get(2).get("role"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jordan", "jordan sample", "-jordan", "jordan-", "j\u0000x", "a-very-long-username-that-goes-on-and-on-and-on-past-sixty-four-chars"})
    void aUsernameThatIsNotOne_is400_andNothingIsAsked(String username) {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, put(username,
                "{\"email\": \"x@example.org\", \"role\": \"admins\"}"), null);
        assertEquals(400, response.getStatusCode());
        assertEquals(java.util.Set.of("username"), fields(response).keySet());
        assertFalse(response.getBody().contains(username.replace("\u0000", "")) && username.length() > 1);
        assertTrue(directory.changes.isEmpty() && audit.isEmpty());
    }

    @Test
    void badBodies_areCalm400s_415s_and413s_namingFieldsWithoutEchoes() {
        APIGatewayV2HTTPResponse wrong = ApiCalls.handle(handler, put("jordan", "{\"email\": \"not-an-address<b>\", \"role\": \"owner\", \"x\": 1}"), null);
        assertEquals(400, wrong.getStatusCode());
        assertEquals(java.util.Set.of("email", "role", "x"), fields(wrong).keySet());
        assertFalse(wrong.getBody().contains("not-an-address") || wrong.getBody().contains("owner"));
        assertEquals(400, ApiCalls.handle(handler, put("jordan", "[]"), null).getStatusCode());
        assertEquals(400, ApiCalls.handle(handler, put("jordan", null), null).getStatusCode());
        APIGatewayV2HTTPEvent form = put("jordan", "email=x");
        form.getHeaders().put("content-type", "application/x-www-form-urlencoded");
        assertEquals(415, ApiCalls.handle(handler, form, null).getStatusCode());
        assertEquals(413, ApiCalls.handle(handler, put("jordan", "{\"email\": \"" + "x".repeat(5000) + "\"}"), null).getStatusCode());
        assertTrue(directory.changes.isEmpty() && audit.isEmpty());
    }

    /** An admin cannot demote or remove themselves: the organisation is never left without an admin by a slip. */
    @Test
    void ownAccount_cannotBeChangedOrRemoved() {
        directory.accounts.put("robin", new StaffAccount("robin", "robin@example.org", StaffRole.ADMIN, "CONFIRMED", true, null));
        APIGatewayV2HTTPResponse demote = ApiCalls.handle(handler, put("robin", "{\"email\": \"robin@example.org\", \"role\": \"facilitators\"}"), null);
        assertEquals(400, demote.getStatusCode());
        assertEquals(ManageStaffHandler.OWN_ACCOUNT, fields(demote).get("username"));
        APIGatewayV2HTTPEvent remove = EventLoader.loadApiGatewayHttpEvent("events/remove-staff-user.json");
        remove.setPathParameters(new HashMap<>(Map.of("username", "robin")));
        assertEquals(400, ApiCalls.handle(handler, remove, null).getStatusCode());
        assertTrue(directory.changes.isEmpty() && audit.isEmpty());
    }

    @Test
    void anExistingAccountsEmail_cannotBeChangedByAnInvitation() {
        directory.invite("jordan", "jordan@example.org", StaffRole.FACILITATOR);
        directory.changes.clear();
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, put("jordan", "{\"email\": \"other@example.org\", \"role\": \"admins\"}"), null);
        assertEquals(400, response.getStatusCode());
        assertEquals(java.util.Set.of("email"), fields(response).keySet());
        assertTrue(directory.changes.isEmpty() && audit.isEmpty());
    }

    @Test
    void whenTheAuditCannotBeWritten_nothingChanges() {
        ManageStaffHandler auditDown = new ManageStaffHandler(directory, item -> {
            throw software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder().message("down").statusCode(500).build();
        }, Clock.systemUTC());
        APIGatewayV2HTTPResponse response = ApiCalls.handle(auditDown, put("jordan", "{\"email\": \"jordan@example.org\", \"role\": \"admins\"}"), null);
        assertEquals(503, response.getStatusCode());
        assertTrue(directory.changes.isEmpty());
    }

    @Test
    void aFacilitator_isRefusedEveryRoute() {
        for (String file : List.of("list-staff-users.json", "invite-staff-user.json", "remove-staff-user.json")) {
            APIGatewayV2HTTPEvent event = StaffClaims.facilitator(EventLoader.loadApiGatewayHttpEvent("events/" + file), "robin");
            assertEquals(403, ApiCalls.handle(handler, event, null).getStatusCode(), file);
        }
        assertTrue(directory.changes.isEmpty() && audit.isEmpty());
    }
}
