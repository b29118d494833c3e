package org.peersupport.confirmsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peersupport.shared.Env;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.testkit.DynamoFaults;
import org.peersupport.testkit.DynamoFaults.Kind;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * DynamoDB failing under a confirmation that would take a group's last place: 503 with
 * Retry-After (JSON and the form's page), nothing half-done — still unconfirmed, no place taken,
 * no details email queued — and the same link works once DynamoDB is back.
 */
class ConfirmSignupFaultsIT {
    static LocalDeployment deployment;
    static Env env;
    static Unconfirmed stored;

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        env = deployment.env("ConfirmSignupFunction");
        stored = new Unconfirmed(deployment);
    }

    static Stream<Arguments> outages() {
        return Stream.of(Arguments.of(TransactWriteItemsRequest.class, Kind.THROUGHPUT_EXCEEDED),
                Arguments.of(TransactWriteItemsRequest.class, Kind.TIMEOUT),
                Arguments.of(QueryRequest.class, Kind.INTERNAL_ERROR),
                Arguments.of(GetItemRequest.class, Kind.UNAVAILABLE));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("outages")
    void outage_is503WithRetryAfter_changesNothing_andTheLinkWorksAfterIt(Class<? extends SdkRequest> operation, Kind kind) {
        String group = "confirm-faults-" + UUID.randomUUID().toString().substring(0, 8);
        SampleData.put(deployment, SampleData.variant("connection-tue-downtown", group, Map.of("capacity", 1)));
        String token = stored.store(group);

        DynamoFaults faults = new DynamoFaults().fail(operation, kind, Integer.MAX_VALUE);
        ConfirmSignupHandler handler = new ConfirmSignupHandler(env, TestClients.dynamoDb(env, faults), Clock.systemUTC());
        APIGatewayV2HTTPResponse json = ApiCalls.handle(handler, post(token, "application/json"), null);
        APIGatewayV2HTTPResponse page = ApiCalls.handle(handler, post(token, "application/x-www-form-urlencoded"), null);
        assertEquals(503, json.getStatusCode(), json.getBody());
        assertEquals("5", json.getHeaders().get("Retry-After"));
        assertEquals(503, page.getStatusCode());
        assertEquals("5", page.getHeaders().get("Retry-After"));
        assertTrue(page.getBody().contains("may not have been confirmed"));
        assertTrue(faults.injected() > 0);
        SignupItem signup = stored.byToken(group, token);
        assertEquals("unconfirmed", signup.status(), "still unconfirmed");
        assertEquals(1, stored.messagesOf(signup).size(), "no details email queued");
        assertEquals(0, stored.places(group).held(LocalDate.now(ZoneOffset.UTC)), "no place taken");
        System.out.printf("FAULT confirm-signup %s %s: status=%d faultedAttempts=%d halfWritten=0%n",
                operation.getSimpleName(), kind, json.getStatusCode(), faults.injected());

        faults.heal();
        assertEquals("{\"status\":\"confirmed\"}", ApiCalls.handle(handler, post(token, "application/json"), null).getBody());
        assertEquals(1, stored.places(group).held(LocalDate.now(ZoneOffset.UTC)));
        assertEquals(2, stored.messagesOf(stored.byToken(group, token)).size(), "one details email");
    }

    static APIGatewayV2HTTPEvent post(String token, String type) {
        boolean json = type.equals("application/json");
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(
                json ? "events/confirm-signup-json.json" : "events/confirm-signup-form.json");
        event.setBody(json ? "{\"token\":\"" + token + "\"}" : "token=" + token);
        event.setIsBase64Encoded(false);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-type", type);
        event.setHeaders(headers);
        return event;
    }
}
