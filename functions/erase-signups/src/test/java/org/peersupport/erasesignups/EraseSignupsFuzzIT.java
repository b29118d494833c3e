package org.peersupport.erasesignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.testkit.DynamoWrites;
import org.peersupport.testkit.FuzzHarness;
import org.peersupport.testkit.FuzzedCall;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;

/**
 * The staff erasure's query ({@code email}, and parameters it does not take) as a fuzzer builds
 * it, signed or not, through the real handler against moto. Whatever comes in: no 5xx, no
 * exception out of the handler, the address never in the answer or the log, and no write (audit
 * record, deletions) unless the request named one plausible address and was answered 200.
 */
@Tag("fuzz")
class EraseSignupsFuzzIT {
    static final List<String> WELL_FORMED = List.of("fuzz@example.org", "Fuzz+Tag@Example.org", "a@b", "@example.org",
            "fuzz@", "fuzz@example.org ", "two words@example.org", "fuzz@example.org\r\n", "");

    static EraseSignupsHandler handler;
    static DynamoWrites writes;
    static FuzzHarness fuzz;

    @BeforeAll
    static void deploy() {
        LocalDeployment deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        Env env = deployment.env("EraseSignupsFunction");
        writes = new DynamoWrites();
        handler = new EraseSignupsHandler(env, TestClients.dynamoDb(env, writes), AwsClients.kms(env), Clock.systemUTC());
        fuzz = new FuzzHarness("erase-signups", writes, "erasures");
        fuzz.learn("email"); // the API's own parameter name
        for (Request request : List.of(new Request(Map.of("email", "fuzz@example.org"), true),
                new Request(Map.of("email", "~"), true), new Request(Map.of(), true),
                new Request(Map.of("email", "fuzz@example.org", "other", "~"), true), new Request(Map.of(), false))) {
            fuzz.learnFrom(() -> ApiCalls.handle(handler, request.event(), null));
        }
    }

    @AfterAll
    static void report() {
        fuzz.report();
    }

    @FuzzTest(maxDuration = "10m")
    void email(FuzzedDataProvider data) {
        Request request = Request.from(data);
        FuzzedCall call = fuzz.run(() -> ApiCalls.handle(handler, request.event(), null));
        APIGatewayV2HTTPResponse response = call.response();
        if (!request.signed()) {
            assertEquals(403, response.getStatusCode());
        }
        if (!call.slowEndpoint() && call.written() > 0) {
            fuzz.count("erasures");
            assertEquals(200, response.getStatusCode(), "wrote, then answered " + response.getStatusCode());
            assertTrue(request.names(), "wrote for a request that names no one address: " + request.query().keySet());
        }
        fuzz.assertNotEchoed(call, request.values(), request.query().keySet());
    }

    record Request(Map<String, String> query, boolean signed) {
        static Request from(FuzzedDataProvider data) {
            boolean signed = data.consumeInt(0, 9) > 0;
            Map<String, String> query = new LinkedHashMap<>();
            int parameters = data.consumeInt(0, 3);
            for (int i = 0; i < parameters; i++) {
                String name = data.consumeInt(0, 5) == 0 ? data.consumeString(20) : "email";
                String value = data.consumeBoolean() ? data.pickValue(WELL_FORMED) : data.consumeString(300);
                query.merge(name, value, (a, b) -> a + "," + b);
            }
            return new Request(query, signed);
        }

        /**
         * The contract's rule, independent of the handler's code: one parameter, email, holding an
         * address — an {@code @} with something on either side, at most 254 characters, no control
         * characters or spaces inside (loose on purpose: whatever create-signup took must be erasable).
         */
        boolean names() {
            String email = query.get("email");
            if (!signed || query.size() != 1 || email == null) {
                return false;
            }
            String address = email.strip();
            int at = address.lastIndexOf('@');
            return at > 0 && at < address.length() - 1 && address.length() <= 254
                    && address.chars().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c));
        }

        List<String> values() {
            List<String> values = new ArrayList<>();
            // Parameter names are not checked: an unknown one is named in the 400's fields, by the
            // contract's error shape (see RELIABILITY.md), and taken out of the answer before a value
            // is looked for in it (a value can be a piece of a name). Values never come back.
            query.forEach((name, value) -> {
                values.add(value);
            });
            return values;
        }

        APIGatewayV2HTTPEvent event() {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(
                    signed ? "events/erase-signups.json" : "events/erase-signups-unsigned.json");
            event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
            return event;
        }
    }
}
