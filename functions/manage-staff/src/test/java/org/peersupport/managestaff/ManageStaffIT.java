package org.peersupport.managestaff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.StaffSignIn;
import org.peersupport.testkit.StackTemplate;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

/** The real handler against the user pool template.yaml defines, on moto. */
class ManageStaffIT {
    static LocalDeployment deployment;
    static ManageStaffHandler handler;
    static CognitoIdentityProviderClient cognito;
    static String poolId;
    static String clientId;

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        Env env = deployment.env("ManageStaffFunction");
        handler = new ManageStaffHandler(env, AwsClients.dynamoDb(env), TestClients.cognito(env), Clock.systemUTC());
        cognito = deployment.cognito();
        poolId = deployment.physicalId("StaffUserPool");
        clientId = deployment.physicalId("StaffConsoleClient");
    }

    static APIGatewayV2HTTPResponse put(String username, String email, String role) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/invite-staff-user.json");
        event.setPathParameters(new HashMap<>(Map.of("username", username)));
        event.setBody("{\"email\": \"" + email + "\", \"role\": \"" + role + "\"}");
        return ApiCalls.handle(handler, event, null);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> listed(String username) {
        APIGatewayV2HTTPResponse list = ApiCalls.handle(handler, EventLoader.loadApiGatewayHttpEvent("events/list-staff-users.json"), null);
        assertEquals(200, list.getStatusCode(), list.getBody());
        return ((List<Map<String, Object>>) Json.parseObject(list.getBody()).get("users")).stream()
                .filter(u -> username.equals(u.get("username"))).findFirst().orElse(null);
    }

    static List<String> groupsOf(String username) {
        return cognito.adminListGroupsForUser(r -> r.userPoolId(poolId).username(username)).groups().stream()
                .map(g -> g.groupName()).toList();
    }

    /**
     * An invitation creates the account in the pool with its role; the invited person's first
     * sign-in sets a password and TOTP, and their token carries the role; a role change moves
     * them between the groups; removal deletes the account. Each step is in the audit trail.
     */
    @Test
    void invite_firstSignIn_changeRole_remove() {
        APIGatewayV2HTTPResponse invited = put("jordan.sample", "jordan.sample@example.org", "facilitators");
        assertEquals(201, invited.getStatusCode(), invited.getBody());
        Map<String, Object> account = listed("jordan.sample");
        assertEquals("facilitators", account.get("role"));
        assertEquals("FORCE_CHANGE_PASSWORD", account.get("status"));
        assertEquals("jordan.sample@example.org", account.get("email"));
        assertEquals(List.of("facilitators"), groupsOf("jordan.sample"));

        // Cognito emails the temporary password; moto sends nothing, so the test sets one as the email would carry it.
        cognito.adminSetUserPassword(r -> r.userPoolId(poolId).username("jordan.sample").password("Temporary-Pass-1234")
                .permanent(false));
        StaffSignIn.Enrolment first = StaffSignIn.firstSignIn(cognito, clientId, "jordan.sample", "Temporary-Pass-1234",
                "A-New-Passw0rd-Only-Jordan-Knows");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(first.tokens().accessToken().split("\\.")[1]));
        assertTrue(payload.contains("\"cognito:groups\": [\"facilitators\"]") || payload.contains("\"cognito:groups\":[\"facilitators\"]"),
                payload);
        assertEquals("CONFIRMED", listed("jordan.sample").get("status"));

        APIGatewayV2HTTPResponse changed = put("jordan.sample", "jordan.sample@example.org", "admins");
        assertEquals(200, changed.getStatusCode(), changed.getBody());
        assertEquals(List.of("admins"), groupsOf("jordan.sample"));
        assertEquals("admins", listed("jordan.sample").get("role"));

        APIGatewayV2HTTPEvent remove = EventLoader.loadApiGatewayHttpEvent("events/remove-staff-user.json");
        assertEquals(204, ApiCalls.handle(handler, remove, null).getStatusCode());
        assertEquals(null, listed("jordan.sample"));
        assertEquals(404, ApiCalls.handle(handler, EventLoader.loadApiGatewayHttpEvent("events/remove-staff-user.json"), null)
                .getStatusCode());

        List<String> actions = new ArrayList<>();
        deployment.enhanced().table(deployment.physicalId("AuditTable"), AuditItem.SCHEMA)
                .query(QueryConditional.keyEqualTo(Key.builder().partitionValue(AuditItem.PK).build())).items()
                .forEach(item -> {
                    actions.add(item.action());
                    assertEquals("robin", item.principal());
                    assertFalse(item.filters().values().stream().anyMatch(v -> v.contains("@")), "no address audited");
                });
        assertEquals(List.of("invite_staff", "change_staff_role", "remove_staff", "remove_staff"), actions);
    }

    /** The user pool refuses what the invitation cannot be sent to; the answer is calm and names the field. */
    @Test
    void invitingAnAccountThatExists_withAnotherAddress_is400() {
        assertEquals(201, put("casey.example", "casey@example.org", "facilitators").getStatusCode());
        APIGatewayV2HTTPResponse other = put("casey.example", "someone.else@example.org", "facilitators");
        assertEquals(400, other.getStatusCode());
        assertFalse(other.getBody().contains("someone.else"));
    }

    @Test
    void theTemplatesPool_requiresTotp_andAllowsNoSelfSignUp() {
        var pool = cognito.describeUserPool(r -> r.userPoolId(poolId)).userPool();
        assertEquals("ON", pool.mfaConfigurationAsString());
        assertTrue(pool.adminCreateUserConfig().allowAdminCreateUserOnly());
        assertEquals(List.of("admins", "facilitators"), cognito.listGroups(r -> r.userPoolId(poolId)).groups().stream()
                .map(g -> g.groupName()).sorted().toList());
        assertEquals(StackTemplate.load().properties("StaffUserPool").get("MfaConfiguration"), pool.mfaConfigurationAsString());
    }
}
