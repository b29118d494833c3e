package org.peersupport.withdrawsignup;

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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.peersupport.shared.Env;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.MessageQueue;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.DynamoWrites;
import org.peersupport.testkit.Echoes;
import org.peersupport.testkit.FuzzHarness;
import org.peersupport.testkit.FuzzedCall;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Withdraw requests as a fuzzer builds them — the page ({@code GET ?token=}), form and JSON
 * posts, raw bodies under any content type — with tokens that are live, used up, nearly right or
 * nonsense, through the real handler against moto. Whatever comes in: no 5xx, no exception out of
 * the handler, nothing submitted in the answer or the log (except a well-formed token in the
 * confirmation page's own form, which is what the page is for), and no write unless the token
 * belonged to a live sign-up.
 */
@Tag("fuzz")
class WithdrawSignupFuzzIT {
    static final String GROUP = "connection-tue-downtown";
    /** Live sign-ups' tokens: each is put back after a fuzz input withdraws it, so every run starts alike. */
    static final List<String> LIVE = List.of(token('a'), token('b'), token('c'));
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-8", "text/plain", "");

    static WithdrawSignupHandler handler;
    static DynamoWrites writes;
    static FuzzHarness fuzz;
    static DynamoDbTable<SignupItem> signups;
    static DynamoDbTable<MessageItem> messages;

    @BeforeAll
    static void deploy() {
        LocalDeployment deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        Env env = deployment.env("WithdrawSignupFunction");
        writes = new DynamoWrites();
        DynamoDbClient dynamoDb = TestClients.dynamoDb(env, writes);
        handler = new WithdrawSignupHandler(env, dynamoDb, Clock.systemUTC());
        signups = deployment.enhanced().table(deployment.physicalId("SignupsTable"), SignupItem.SCHEMA);
        messages = deployment.enhanced().table(deployment.physicalId("SignupsTable"), MessageItem.SCHEMA);
        LIVE.forEach(WithdrawSignupFuzzIT::store);
        fuzz = new FuzzHarness("withdraw-signup", writes, "withdrawn");
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
    void withdraw(FuzzedDataProvider data) {
        Request request = Request.from(data);
        FuzzedCall call = fuzz.run(() -> ApiCalls.handle(handler, request.event(), null));
        APIGatewayV2HTTPResponse response = call.response();
        boolean live = LIVE.contains(request.token()) && request.route() >= Request.FORM && request.route() <= Request.JSON;
        if (!call.slowEndpoint() && call.written() > 0) {
            fuzz.count("withdrawn");
            assertTrue(live, "wrote for a token that belongs to no live sign-up");
            assertEquals(200, response.getStatusCode(), "withdrew, then answered " + response.getStatusCode());
            store(request.token()); // put it back for the next input
        }
        List<String> values = new ArrayList<>(request.values());
        if (request.route() == Request.SHOW && request.token().matches("[A-Za-z0-9_-]{43}")) {
            values.remove(request.token()); // the confirmation page's form carries it back, by design
        }
        fuzz.assertNotInAnswer(Echoes.text(response), values, List.of());
        fuzz.assertNotInLog(call.output(), request.values());
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
                event = EventLoader.loadApiGatewayHttpEvent("events/withdraw-signup-show.json");
                Map<String, String> query = new HashMap<>(Map.of("token", token));
                if (!lang.isEmpty()) {
                    query.put("lang", lang);
                }
                event.setQueryStringParameters(query);
                if (route == OTHER_ROUTE) {
                    event.setRouteKey("DELETE /signups/withdraw");
                }
            } else {
                event = EventLoader.loadApiGatewayHttpEvent(route == JSON ? "events/withdraw-signup-json.json"
                        : "events/withdraw-signup-form.json");
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

    /** A well-formed token (what PersonalKeys.newToken() makes), fixed so the corpus replays alike. */
    static String token(char fill) {
        return ("fuzz" + fill).repeat(9).substring(0, 43);
    }

    /** A waitlisted sign-up (it holds no place, so putting it back changes no count) whose details email carried this token. */
    static void store(String token) {
        String emailKey = PersonalKeys.tokenHash("fuzz-email:" + token);
        Instant now = Instant.now();
        long expiresAt = now.plus(180, ChronoUnit.DAYS).getEpochSecond();
        SignupItem signup = SignupItem.builder().pk(SignupKeys.groupPk(GROUP)).sk(SignupKeys.signupSk(emailKey))
                .signupId(UUID.randomUUID().toString()).groupId(GROUP).emailKey(emailKey)
                .createdAt(SignupItem.timestamp(now)).expiresAt(expiresAt)
                .firstName("Fuzz").email("fuzz-withdraw@example.org").forWhom("self").language("en")
                .status("waitlisted").emailStatus("sent").messageCount(2).build();
        signups.putItem(signup);
        messages.putItem(MessageQueue.message(GROUP, emailKey, signup.signupId(), 1, MessageKind.DETAILS, "confirmed", now,
                expiresAt).toBuilder().emailStatus("sent").emailPending(null).emailAttempts(1)
                .withdrawTokenHash(PersonalKeys.tokenHash(token)).build());
    }
}
