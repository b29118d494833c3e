package org.peersupport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.local.events.ScheduleSource;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.local.staff.LocalStaff;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.StackTemplate;
import org.peersupport.testkit.StaffSignIn;

/**
 * The functions restored from a SnapStart snapshot, from their own jars on a plain JVM: their hooks
 * called as Lambda calls them around a snapshot (the priming before, the restore after) write
 * nothing to any table, and the instance then serves its first request correctly without another
 * start; and the weekly call that keeps each version active (the template's Input, as EventBridge
 * sends it) is answered at once: 404, or 403 from a staff function, which checks the token first.
 */
class SnapStartIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final StackTemplate TEMPLATE = StackTemplate.load();
    static LocalServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LocalServer.start(LocalServer.Options.of(0, "n" + Long.toString(System.nanoTime(), 36) + "-"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static List<String> restored() {
        return TEMPLATE.ofType("AWS::Serverless::Function").stream()
                .filter(f -> TEMPLATE.properties(f).get("SnapStart") != null).sorted().toList();
    }

    /** Items in every table of the stack, by table. */
    static Map<String, Integer> items() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String table : TEMPLATE.ofType("AWS::DynamoDB::Table")) {
            var deployment = server.deployment();
            counts.put(table, deployment.dynamoDb().scan(r -> r.tableName(deployment.physicalId(table))).count());
        }
        return counts;
    }

    @Test
    void primedBeforeASnapshot_writingNothing_thenTheFirstRequestIsServedCorrectly_withoutAnotherStart() throws Exception {
        List<String> functions = restored();
        assertTrue(functions.size() >= 6, "the public functions and the console's staff routes: " + functions);
        String admin = adminToken();
        PersonalData.Person person = PersonalData.person();
        Map<String, Request> first = Map.of(
                "ListGroupsFunction", new Request("GET", "/groups", null, null, 200),
                "CreateSignupFunction", new Request("POST", "/groups/connection-tue-downtown/signups", null,
                        "{\"firstName\":\"" + person.firstName() + "\",\"email\":\"" + person.email()
                                + "\",\"forWhom\":\"self\",\"language\":\"en\",\"consent\":true}", 202),
                "ConfirmSignupFunction", new Request("GET", "/signups/confirm?token=" + PersonalKeys.newToken(), null, null, 404),
                "WithdrawSignupFunction", new Request("GET", "/signups/withdraw?token=" + PersonalKeys.newToken(), null, null, 404),
                "ManageGroupsFunction", new Request("GET", "/staff/groups", admin, null, 200),
                "ExportSignupsFunction", new Request("GET", "/staff/signups?groupId=connection-tue-downtown", admin, null, 200));
        assertEquals(new TreeSet<>(functions), new TreeSet<>(first.keySet()), "a first request for each");
        for (String id : functions) {
            LambdaFunction function = server.function(id);
            Map<String, Integer> before = items();
            long primed = function.snapshotAndRestore();
            assertTrue(primed >= 0, id + ": its hooks primed it (" + primed + ")");
            assertEquals(before, items(), id + ": priming wrote nothing");
            int starts = function.coldStarts();
            Request request = first.get(id);
            HttpResponse<String> response = request.send();
            assertEquals(request.status(), response.statusCode(), id + " " + request.path() + ": " + response.body());
            assertEquals(starts, function.coldStarts(), id + ": the primed instance served it");
            System.out.printf("SNAPSTART %s primedMillis=%d%n", id, primed);
        }
    }

    @Test
    void everyRestoredFunctionsWeeklyCall_isAnsweredAtOnce() throws Exception {
        List<ScheduleSource> calls = server.eventSources().stream().filter(ScheduleSource.class::isInstance)
                .map(ScheduleSource.class::cast).filter(s -> s.describe().contains(".KeepActive:")).toList();
        assertEquals(restored(), calls.stream().map(s -> s.function().logicalId()).sorted().toList(), "one weekly call each");
        for (ScheduleSource call : calls) {
            // A staff function refuses it before routing: no staff token.
            boolean staff = TEMPLATE.routes().stream().anyMatch(r -> r.functionId().equals(call.function().logicalId())
                    && r.path().startsWith("/staff"));
            JsonNode answer = JSON.readTree(call.invokeAt(Instant.now()));
            assertEquals(staff ? 403 : 404, answer.path("statusCode").asInt(), call.describe() + " answered " + answer);
        }
    }

    record Request(String method, String path, String token, String body, int status) {
        HttpResponse<String> send() throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path)).timeout(Duration.ofSeconds(30))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    static String adminToken() {
        LocalStaff.Account account = server.staff().account(LocalStaff.ADMIN);
        return StaffSignIn.signIn(server.deployment().cognito(), server.deployment().physicalId("StaffConsoleClient"),
                account.username(), account.password(), account.totpSecret()).accessToken();
    }
}
