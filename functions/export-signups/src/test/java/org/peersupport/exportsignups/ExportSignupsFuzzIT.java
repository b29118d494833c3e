package org.peersupport.exportsignups;

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
import org.peersupport.testkit.DynamoWrites;
import org.peersupport.testkit.Echoes;
import org.peersupport.testkit.FuzzHarness;
import org.peersupport.testkit.FuzzedCall;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The staff export's filters ({@code groupId}, {@code since}, {@code until}, {@code format},
 * {@code limit}, {@code cursor}, and parameters it does not know) as a fuzzer builds them, signed
 * or not, through the real handler against moto. Whatever comes in: no 5xx, no exception out of
 * the handler, nothing submitted in an error or the log, and no write (the audit record) unless
 * the export was valid and answered 200; unsigned requests read and write nothing.
 */
@Tag("fuzz")
class ExportSignupsFuzzIT {
    static final List<String> NAMES = List.of("groupId", "since", "until", "format", "limit", "cursor");
    static final List<String> WELL_FORMED = List.of("connection-tue-downtown", "no-such-group", "2026-11-01", "2026-02-30",
            "2027-01-01", "csv", "json", "1", "5000", "5001", "0", "-1", "", " ");

    static ExportSignupsHandler handler;
    static DynamoWrites writes;
    static FuzzHarness fuzz;

    @BeforeAll
    static void deploy() {
        LocalDeployment deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        Env env = deployment.env("ExportSignupsFunction");
        writes = new DynamoWrites();
        DynamoDbClient dynamoDb = TestClients.dynamoDb(env, writes);
        handler = new ExportSignupsHandler(env, dynamoDb, Clock.systemUTC());
        fuzz = new FuzzHarness("export-signups", writes, "exported");
        fuzz.learn(String.join(" ", NAMES)); // the API's own parameter names, named in its messages
        for (String format : List.of("csv", "json")) {
            for (Map<String, String> query : List.of(Map.of("format", format),
                    Map.of("format", format, "groupId", "connection-tue-downtown", "since", "2026-11-01", "limit", "1"),
                    Map.of("format", format, "groupId", "no-such-group"))) {
                learn(new Request(new LinkedHashMap<>(query), true));
            }
        }
        Map<String, String> wrong = new LinkedHashMap<>();
        for (String name : NAMES) {
            wrong.put(name, "~~~~");
        }
        wrong.put("other", "~");
        wrong.put("until", "2000-01-01");
        learn(new Request(wrong, true));
        learn(new Request(Map.of("cursor", "~~~~"), true));
        learn(new Request(Map.of(), false));
    }

    static void learn(Request request) {
        fuzz.learnFrom(() -> ApiCalls.handle(handler, request.event(), null));
    }

    @AfterAll
    static void report() {
        fuzz.report();
    }

    @FuzzTest(maxDuration = "10m")
    void filters(FuzzedDataProvider data) {
        Request request = Request.from(data);
        FuzzedCall call = fuzz.run(() -> ApiCalls.handle(handler, request.event(), null));
        APIGatewayV2HTTPResponse response = call.response();
        if (!request.signed()) {
            assertEquals(403, response.getStatusCode());
        }
        if (!call.slowEndpoint() && (call.written() > 0 || response.getStatusCode() == 200)) {
            fuzz.count("exported");
            assertEquals(200, response.getStatusCode(), "audited, then answered " + response.getStatusCode());
            assertEquals(1, call.written(), "every page is audited, once");
        }
        String shown = Echoes.text(response);
        if (response.getStatusCode() == 200) {
            // A page's own link and file name carry its (valid) filters back, by design.
            Map<String, String> headers = new HashMap<>(response.getHeaders());
            headers.remove("Link");
            headers.remove("Content-Disposition");
            APIGatewayV2HTTPResponse copy = new APIGatewayV2HTTPResponse();
            copy.setStatusCode(200);
            copy.setHeaders(headers);
            copy.setBody(response.getBody());
            shown = Echoes.text(copy);
        }
        fuzz.assertNotInAnswer(shown, request.values(), request.query().keySet());
        fuzz.assertNotInLog(call.output(), request.values());
    }

    record Request(Map<String, String> query, boolean signed) {
        static Request from(FuzzedDataProvider data) {
            boolean signed = data.consumeInt(0, 9) > 0;
            Map<String, String> query = new LinkedHashMap<>();
            int parameters = data.consumeInt(0, 5);
            for (int i = 0; i < parameters; i++) {
                String name = data.consumeInt(0, 7) == 0 ? data.consumeString(20) : data.pickValue(NAMES);
                String value = data.consumeBoolean() ? data.pickValue(WELL_FORMED) : data.consumeString(200);
                query.merge(name, value, (a, b) -> a + "," + b);
            }
            return new Request(query, signed);
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
                    signed ? "events/export-signups.json" : "events/export-signups-unsigned.json");
            event.setQueryStringParameters(query.isEmpty() ? null : new HashMap<>(query));
            return event;
        }
    }
}
