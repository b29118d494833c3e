package org.peersupport.withdrawsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peersupport.shared.Env;
import org.peersupport.testkit.DynamoFaults;
import org.peersupport.testkit.DynamoFaults.Kind;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * DynamoDB failing under a withdrawal that would free a place and promote the first person
 * waiting: 503 with Retry-After (JSON and the form's page), nothing half-done — the sign-up and its
 * token still there, the place still held, the waiting person still waiting — and the same link
 * works once DynamoDB is back. Opening the link meanwhile still shows its page and button.
 */
@Tag("faults")
class WithdrawSignupFaultsIT {
    static LocalDeployment deployment;
    static Env env;
    static StoredSignups stored;

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        env = deployment.env("WithdrawSignupFunction");
        stored = new StoredSignups(deployment);
    }

    static Stream<Arguments> outages() {
        return Stream.of(Arguments.of(TransactWriteItemsRequest.class, Kind.THROUGHPUT_EXCEEDED),
                Arguments.of(TransactWriteItemsRequest.class, Kind.TIMEOUT),
                Arguments.of(QueryRequest.class, Kind.INTERNAL_ERROR));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("outages")
    void outage_is503WithRetryAfter_changesNothing_andTheLinkWorksAfterIt(Class<? extends SdkRequest> operation, Kind kind) {
        String group = "withdraw-faults-" + UUID.randomUUID().toString().substring(0, 8);
        SampleData.put(deployment, SampleData.variant("connection-tue-downtown", group, Map.of("capacity", 1)));
        String token = stored.store(group, "confirmed");
        String waiting = stored.store(group, "waitlisted");
        long held = stored.held(group);

        DynamoFaults faults = new DynamoFaults().fail(operation, kind, Integer.MAX_VALUE);
        WithdrawSignupHandler handler = new WithdrawSignupHandler(env, client(faults), Clock.systemUTC());
        APIGatewayV2HTTPResponse json = ApiCalls.handle(handler, post(token, "application/json"), null);
        APIGatewayV2HTTPResponse page = ApiCalls.handle(handler, post(token, "application/x-www-form-urlencoded"), null);
        assertEquals(503, json.getStatusCode(), json.getBody());
        assertEquals("5", json.getHeaders().get("Retry-After"));
        assertEquals(503, page.getStatusCode());
        assertEquals("5", page.getHeaders().get("Retry-After"));
        assertTrue(faults.injected() > 0);
        // Opening the link still offers its button: whether it can still be used is then told by the button.
        APIGatewayV2HTTPResponse opened = ApiCalls.handle(handler, WithdrawSignupIT.show(token), null);
        assertEquals(200, opened.getStatusCode(), opened.getBody());
        assertTrue(opened.getBody().contains("<form method=\"post\" action=\"withdraw\">"));
        assertNotNull(stored.byToken(group, token), "still there, token and all");
        assertEquals("waitlisted", stored.byToken(group, waiting).status(), "no one promoted into a place not freed");
        assertEquals(held, stored.held(group));
        System.out.printf("FAULT withdraw-signup %s %s: status=%d faultedAttempts=%d halfWritten=0%n",
                operation.getSimpleName(), kind, json.getStatusCode(), faults.injected());

        faults.heal();
        assertEquals(200, ApiCalls.handle(handler, post(token, "application/json"), null).getStatusCode());
        assertNull(stored.byToken(group, token));
        assertEquals("confirmed", stored.byToken(group, waiting).status(), "the freed place went to the person waiting");
        assertEquals(held, stored.held(group), "the place moved, not lost");
    }

    static DynamoDbClient client(DynamoFaults faults) {
        return TestClients.dynamoDb(env, faults);
    }

    static APIGatewayV2HTTPEvent post(String token, String type) {
        boolean json = type.equals("application/json");
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(
                json ? "events/withdraw-signup-json.json" : "events/withdraw-signup-form.json");
        event.setBody(json ? "{\"token\":\"" + token + "\"}" : "token=" + token);
        event.setIsBase64Encoded(false);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-type", type);
        event.setHeaders(headers);
        return event;
    }
}
