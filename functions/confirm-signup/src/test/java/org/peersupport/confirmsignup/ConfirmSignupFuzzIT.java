package org.peersupport.confirmsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
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
 * Confirm requests as a fuzzer builds them — the page ({@code GET ?token=}), form and JSON posts,
 * raw bodies under any content type — with tokens that are live (unconfirmed), already used,
 * nearly right or nonsense, through the real handler against moto. Whatever comes in: no 5xx, no
 * exception out of the handler, nothing submitted in the answer or the log (except a well-formed
 * token in the confirm page's own form, which is what the page is for), and no write unless the
 * token belonged to a live, still unconfirmed sign-up (a confirmation writes once: the same token
 * again writes nothing).
 */
@Tag("fuzz")
class ConfirmSignupFuzzIT {
    static final String GROUP = "connection-lunch-online"; // no capacity: confirmations never run out of places
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-8", "text/plain", "");

    static ConfirmSignupHandler handler;
    static DynamoWrites writes;
    static FuzzHarness fuzz;
    static Unconfirmed stored;
    /** Tokens of live, unconfirmed sign-ups; each is replaced once a fuzz input confirms it. */
    static final List<String> LIVE = new ArrayList<>(List.of(token('a'), token('b'), token('c')));

    @BeforeAll
    static void deploy() {
        LocalDeployment deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        Env env = deployment.env("ConfirmSignupFunction");
        writes = new DynamoWrites();
        DynamoDbClient dynamoDb = TestClients.dynamoDb(env, writes);
        handler = new ConfirmSignupHandler(env, dynamoDb, Clock.systemUTC());
        stored = new Unconfirmed(deployment);
        LIVE.forEach(t -> stored.store(GROUP, Instant.now(), t));
        fuzz = new FuzzHarness("confirm-signup", writes, "confirmed");
        for (String lang : List.of("", "es")) {
            for (String token : List.of("", "short", token('z'))) {
                for (int route = 0; route < 5; route++) {
                    for (String type : CONTENT_TYPES) {
                        Request request = new Request(route, token, lang, type, false, null);
                        fuzz.learnFrom(() -> ApiCalls.handle(handler, request.event(), null));
                    }
                }
            }
        }
    }

    @AfterAll
    static void report() {
        fuzz.report();
    }

    @FuzzTest(maxDuration = "10m")
    void confirm(FuzzedDataProvider data) {
        Request request = Request.from(data);
        boolean live = LIVE.contains(request.token()) && (request.route() == Request.FORM || request.route() == Request.JSON);
        FuzzedCall call = fuzz.run(() -> ApiCalls.handle(handler, request.event(), null));
        APIGatewayV2HTTPResponse response = call.response();
        if (!call.slowEndpoint() && call.written() > 0) {
            fuzz.count("confirmed");
            assertTrue(live, "wrote for a token that belongs to no live, unconfirmed sign-up");
            assertEquals(200, response.getStatusCode(), "confirmed, then answered " + response.getStatusCode());
            assertEquals(1, call.written(), "one transaction");
            LIVE.set(LIVE.indexOf(request.token()), fresh()); // a used token stays used: the next input gets a new one
        }
        List<String> values = new ArrayList<>(request.values());
        if (request.route() == Request.SHOW && request.token().matches("[A-Za-z0-9_-]{43}")) {
            values.remove(request.token()); // the confirm page's form carries it back, by design
        }
        fuzz.assertNotInAnswer(Echoes.text(response), values, List.of());
        fuzz.assertNotInLog(call.output(), request.values());
    }

    /** A new live token, stored for a new unconfirmed sign-up (fixed seeds keep the corpus replaying alike). */
    static String fresh() {
        String token = org.peersupport.shared.privacy.PersonalKeys.newToken();
        stored.store(GROUP, Instant.now(), token);
        return token;
    }

    record Request(int route, String token, String lang, String contentType, boolean base64, String rawBody) {
        static final int SHOW = 0;
        static final int FORM = 1;
        static final int JSON = 2;
        static final int RAW = 3;
        static final int OTHER_ROUTE = 4;

        static Request from(FuzzedDataProvider data) {
            int route = data.consumeInt(SHOW, OTHER_ROUTE);
            String token = switch (data.consumeInt(0, 3)) {
                case 0 -> data.pickValue(LIVE);
                case 1 -> {
                    char[] chars = data.pickValue(LIVE).toCharArray();
                    chars[data.consumeInt(0, chars.length - 1)] = data.consumeChar();
                    yield new String(chars);
                }
                default -> data.consumeString(120);
            };
            String lang = data.pickValue(List.of("", "en", "es", "fr", "es-MX,es;q=0.9"));
            String type = route == RAW ? data.pickValue(CONTENT_TYPES)
                    : route == JSON ? "application/json" : "application/x-www-form-urlencoded";
            boolean base64 = data.consumeBoolean();
            String raw = route == RAW ? data.consumeRemainingAsString() : null;
            return new Request(route, token, lang, type, base64, raw);
        }

        List<String> values() {
            List<String> values = new ArrayList<>(List.of(token));
            if (rawBody != null) {
                values.add(rawBody);
                values.addAll(List.of(rawBody.split("[\\s\"'{}\\[\\],:=&]+")));
            }
            return values;
        }

        APIGatewayV2HTTPEvent event() {
            APIGatewayV2HTTPEvent event;
            if (route == SHOW || route == OTHER_ROUTE) {
                event = EventLoader.loadApiGatewayHttpEvent("events/confirm-signup-show.json");
                Map<String, String> query = new HashMap<>(Map.of("token", token));
                if (!lang.isEmpty()) {
                    query.put("lang", lang);
                }
                event.setQueryStringParameters(query);
                if (route == OTHER_ROUTE) {
                    event.setRouteKey("DELETE /signups/confirm");
                }
            } else {
                event = EventLoader.loadApiGatewayHttpEvent(route == JSON ? "events/confirm-signup-json.json"
                        : "events/confirm-signup-form.json");
                String body = switch (route) {
                    case FORM -> "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                            + (lang.isEmpty() ? "" : "&language=" + URLEncoder.encode(lang, StandardCharsets.UTF_8));
                    case JSON -> "{\"token\":\"" + token.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
                    default -> rawBody;
                };
                event.setIsBase64Encoded(base64);
                event.setBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
            }
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            headers.remove("content-type");
            if (route != SHOW && !contentType.isEmpty()) {
                headers.put("content-type", contentType);
            }
            if (!lang.isEmpty()) {
                headers.put("accept-language", lang);
            }
            event.setHeaders(headers);
            return event;
        }
    }

    /** A well-formed token, fixed so the corpus replays alike. */
    static String token(char fill) {
        return ("conf" + fill).repeat(9).substring(0, 43);
    }
}
