package org.peersupport.createsignup;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
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
 * Sign-up requests as a fuzzer builds them — JSON, form posts (plain and base64, as API Gateway
 * may send them) and raw bodies under any content type, for active, full, paused, archived,
 * unknown and malformed groups — through the real handler against moto. Whatever comes in:
 * no 5xx, no exception out of the handler, nothing submitted in the answer or the log, and no
 * write to DynamoDB unless the sign-up was valid (checked against the contract's rules here, not
 * the handler's own).
 *
 * <p>{@code mvn verify} replays the committed inputs in
 * {@code src/test/resources/org/peersupport/createsignup/CreateSignupFuzzITInputs/signup/}; a
 * fuzzing run is in RELIABILITY.md.
 */
@Tag("fuzz")
class CreateSignupFuzzIT {
    static final String FULL = "fuzz-full";
    static final List<String> GROUPS = List.of("connection-tue-downtown", "conexion-sabado-hibrido",
            "peer-family-circle-last-friday", FULL, "young-adults-thu-eastside", "connection-sun-northside",
            "no-such-group", "Connection-Tue-Downtown", "../admin", "");
    /** Groups that take sign-ups (active or full); the rest answer 404 or 409. */
    static final Set<String> OPEN = Set.of("connection-tue-downtown", "conexion-sabado-hibrido",
            "peer-family-circle-last-friday", FULL);
    static final String NEEDS_EMERGENCY_CONTACT = "peer-family-circle-last-friday";
    static final List<String> NAMES = List.of("firstName", "email", "phone", "forWhom", "language", "consent",
            "emergencyContactName", "emergencyContactPhone", "website");
    static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
            "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8", "text/plain",
            "multipart/form-data; boundary=x", "application/json; charset=iso-8859-1", "");
    static final List<String> EMAILS = List.of("fuzz@example.org", "fuzz+tag@example.org", "Fuzz.Person@Example.ORG",
            "a@b.co", "fuzz@example.org\r\nBcc: x@example.org", "two@example.org, three@example.org", "no-at-sign");
    static final AtomicLong IPS = new AtomicLong();

    static CreateSignupHandler handler;
    static DynamoWrites writes;
    static FuzzHarness fuzz;

    @BeforeAll
    static void deploy() {
        // Per-IP limits would turn most valid sign-ups into "over the limit" and skip the store.
        LocalDeployment deployment = LocalDeployment.create(Map.of("SignupsPerIpPerHour", "1000000"));
        SampleData.load().writeTo(deployment);
        SampleData.put(deployment, SampleData.variant("connection-tue-downtown", FULL, Map.of("status", "full")));
        Env env = deployment.env("CreateSignupFunction");
        writes = new DynamoWrites();
        DynamoDbClient dynamoDb = TestClients.dynamoDb(env, writes);
        handler = new CreateSignupHandler(env, dynamoDb, AwsClients.kms(env), Clock.systemUTC());
        fuzz = new FuzzHarness("create-signup", writes, "valid");
        learnBaseline();
    }

    @AfterAll
    static void report() {
        fuzz.report();
    }

    @FuzzTest(maxDuration = "10m")
    void signup(FuzzedDataProvider data) {
        Request request = Request.from(data);
        FuzzedCall call = fuzz.run(() -> ApiCalls.handle(handler, request.event(), null));
        APIGatewayV2HTTPResponse response = call.response();
        int written = call.written();
        boolean slow = call.slowEndpoint();
        boolean accepted = response.getStatusCode() == 202 || response.getStatusCode() == 303;
        if (accepted) {
            fuzz.count("valid");
        }
        List<String> contractProblems = request.contractProblems();
        if (!contractProblems.isEmpty()) {
            assertEquals(0, written, "wrote for an invalid sign-up: " + contractProblems);
            assertTrue(!accepted, "accepted an invalid sign-up: " + contractProblems);
        }
        if (request.honeypot() && accepted && !slow) {
            // The same calls as any valid sign-up (the IP's count, a transaction), but the
            // transaction only checks a condition: nothing is stored.
            assertEquals(2, written, "a filled honeypot is never stored (mode " + request.mode() + ", website "
                    + org.peersupport.shared.json.Json.write(j -> j.writeString(String.valueOf(request.fields().get("website"))))
                    + ")");
        }
        if (!slow && written > 0) {
            assertTrue(accepted, "wrote, then answered " + response.getStatusCode());
        }
        fuzz.assertNotEchoed(call, request.values(), List.of());
    }

    /** One request, and what the contract says about it. */
    record Request(int mode, String contentType, String groupId, Map<String, Object> fields, String body,
                   boolean base64, String acceptLanguage, List<String> values) {
        static final int JSON = 0;
        static final int FORM = 1;
        static final int RAW = 2;

        static Request from(FuzzedDataProvider data) {
            int mode = data.consumeInt(JSON, RAW);
            String groupId = data.pickValue(GROUPS);
            boolean base64 = data.consumeBoolean();
            String acceptLanguage = data.pickValue(List.of("", "es", "en-US,en;q=0.9", "es-MX,es;q=0.9", "fr", "*"));
            List<String> values = new ArrayList<>();
            Map<String, Object> fields = new LinkedHashMap<>();
            String body;
            String contentType;
            if (mode == RAW) {
                contentType = data.pickValue(CONTENT_TYPES);
                body = data.consumeRemainingAsString();
                values.add(body);
                for (String token : body.split("[\\s\"'{}\\[\\],:=&]+")) {
                    values.add(token);
                }
            } else {
                for (String name : NAMES) {
                    if (data.consumeBoolean()) {
                        fields.put(name, value(data, name, mode, values));
                    }
                }
                if (data.consumeInt(0, 9) == 0) {
                    String extra = data.consumeString(20);
                    fields.put(extra, value(data, "extra", mode, values));
                    values.add(extra);
                }
                contentType = mode == JSON ? "application/json" : "application/x-www-form-urlencoded";
                body = mode == JSON ? json(fields) : form(fields);
                if (data.consumeInt(0, 15) == 0) {
                    body = body.substring(0, data.consumeInt(0, body.length())); // cut short
                    mode = RAW; // what is left may say anything: only the checks for raw bodies apply
                }
            }
            return new Request(mode, contentType, groupId, fields, body, base64, acceptLanguage, values);
        }

        /** A field's value: a well-formed one most of the time, or the fuzzer's own, or the wrong type. */
        private static Object value(FuzzedDataProvider data, String name, int mode, List<String> values) {
            Object value = switch (data.consumeInt(0, 4)) {
                case 0, 1 -> wellFormed(data, name, mode);
                case 2 -> data.consumeString(300);
                case 3 -> mode == JSON ? (Object) data.consumeBoolean() : "on";
                default -> mode == JSON ? (data.consumeBoolean() ? (Object) data.consumeLong() : null) : "";
            };
            if (value instanceof String s && !wellFormedValues(name).contains(s)) {
                values.add(s);
            }
            return value;
        }

        private static Object wellFormed(FuzzedDataProvider data, String name, int mode) {
            return switch (name) {
                case "firstName", "emergencyContactName" -> data.pickValue(List.of("Sam", "Ana María", " Jo ", "X"));
                case "email" -> data.pickValue(EMAILS);
                case "phone", "emergencyContactPhone" -> data.pickValue(List.of("+1 (555) 010-0199", "555-0100", "+447700900123"));
                case "forWhom" -> data.pickValue(List.of("self", "loved_one", "Self"));
                case "language" -> data.pickValue(List.of("en", "es", "fr", ""));
                case "consent" -> mode == JSON ? (Object) true : data.pickValue(List.of("on", "true", "yes"));
                case "website" -> data.pickValue(List.of("", "http://spam.example"));
                default -> "x";
            };
        }

        private static Set<String> wellFormedValues(String name) {
            return Set.of("Sam", "Ana María", " Jo ", "X", "+1 (555) 010-0199", "555-0100", "+447700900123", "self",
                    "loved_one", "Self", "en", "es", "fr", "", "on", "true", "yes", "http://spam.example", "x");
        }

        private static String json(Map<String, Object> fields) {
            return Json.write(json -> {
                json.writeStartObject();
                for (Map.Entry<String, Object> field : fields.entrySet()) {
                    Object value = field.getValue();
                    if (value instanceof Boolean b) {
                        json.writeBooleanField(field.getKey(), b);
                    } else if (value instanceof Long n) {
                        json.writeNumberField(field.getKey(), n);
                    } else if (value == null) {
                        json.writeNullField(field.getKey());
                    } else {
                        json.writeStringField(field.getKey(), value.toString());
                    }
                }
                json.writeEndObject();
            });
        }

        private static String form(Map<String, Object> fields) {
            List<String> pairs = new ArrayList<>();
            fields.forEach((name, value) -> pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8)));
            return String.join("&", pairs);
        }

        APIGatewayV2HTTPEvent event() {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/create-signup-json.json");
            event.setPathParameters(new HashMap<>(Map.of("groupId", groupId)));
            event.setRawPath("/groups/" + groupId + "/signups");
            event.getRequestContext().getHttp().setSourceIp("10.9." + (IPS.incrementAndGet() % 250) + ".1");
            Map<String, String> headers = new HashMap<>(event.getHeaders());
            headers.remove("content-type");
            if (!contentType.isEmpty()) {
                headers.put("content-type", contentType);
            }
            if (!acceptLanguage.isEmpty()) {
                headers.put("accept-language", acceptLanguage);
            }
            event.setHeaders(headers);
            event.setIsBase64Encoded(base64);
            event.setBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
            return event;
        }

        /** The hidden field filled in: the contract says it must be empty or absent; blank counts as empty. */
        boolean honeypot() {
            Object website = fields.get("website");
            return mode != RAW && website instanceof String s && !s.isBlank();
        }

        /**
         * Why the contract refuses this sign-up, from the contract's own rules (not the handler's
         * code): empty when it may be valid. Only clear-cut rules are checked; what is left (e.g.
         * whether an address is deliverable) the handler may refuse on its own.
         */
        List<String> contractProblems() {
            List<String> problems = new ArrayList<>();
            if (mode == RAW) {
                return problems; // whatever the fuzzer wrote may be valid by chance: only the other checks apply
            }
            if (!OPEN.contains(groupId)) {
                problems.add("group " + groupId + " takes no sign-ups");
            }
            if (body.length() > 8 * 1024) {
                problems.add("over 8 KiB");
            }
            boolean json = mode == JSON;
            for (String name : fields.keySet()) {
                if (json && !NAMES.contains(name)) {
                    problems.add("unknown field");
                }
            }
            // Text fields are trimmed first ("1–50 characters after trimming"); what is checked is what
            // would be kept. Java's strip() takes leading and trailing \t \n \r and \u001C-\u001F too.
            Object firstName = fields.get("firstName");
            if (!(firstName instanceof String s) || s.strip().isEmpty() || s.strip().codePointCount(0, s.strip().length()) > 50
                    || s.strip().chars().anyMatch(Character::isISOControl)) {
                problems.add("firstName");
            }
            Object email = fields.get("email");
            if (!(email instanceof String e) || e.strip().length() > 254 || e.indexOf('@') < 0 || e.strip().contains("\r")
                    || e.strip().contains("\n") || e.contains("\0") || e.contains(",")) {
                problems.add("email");
            }
            Object forWhom = fields.get("forWhom");
            if (!("self".equals(forWhom) || "loved_one".equals(forWhom))) {
                problems.add("forWhom");
            }
            Object consent = fields.get("consent");
            boolean consented = json ? Boolean.TRUE.equals(consent)
                    : consent instanceof String s && (s.strip().equalsIgnoreCase("on") || s.strip().equalsIgnoreCase("true"));
            if (!consented) {
                problems.add("consent");
            }
            Object language = fields.get("language");
            if (language != null && !(language instanceof String)) {
                problems.add("language");
            } else if (language instanceof String s && !s.isBlank() && !Set.of("en", "es").contains(s.strip())) {
                problems.add("language");
            }
            if (NEEDS_EMERGENCY_CONTACT.equals(groupId)
                    && (!(fields.get("emergencyContactName") instanceof String n) || n.isBlank()
                    || !(fields.get("emergencyContactPhone") instanceof String p) || p.isBlank())) {
                problems.add("emergency contact");
            }
            return problems;
        }
    }

    /** What the handler says by itself: every page and message it has, for the echo oracle's vocabulary. */
    static void learnBaseline() {
        Map<String, Object> valid = new LinkedHashMap<>(Map.of("firstName", "Sam", "email", "fuzz@example.org",
                "forWhom", "self", "consent", true, "emergencyContactName", "Jo", "emergencyContactPhone", "555-0100"));
        for (String group : GROUPS) {
            for (String language : List.of("", "es")) {
                for (int mode : new int[] {Request.JSON, Request.FORM}) {
                    List<Map<String, Object>> variants = new ArrayList<>();
                    variants.add(Map.of());
                    variants.add(Map.of("language", "es"));
                    variants.add(Map.of("extra", "x"));
                    variants.add(Map.of("website", "x"));
                    for (String name : List.of("firstName", "email", "phone", "forWhom", "language", "consent")) {
                        variants.add(Map.of(name, 42L));
                    }
                    for (Map<String, Object> change : variants) {
                        Map<String, Object> fields = new LinkedHashMap<>();
                        if (!change.isEmpty()) {
                            fields.putAll(valid);
                            fields.putAll(change);
                        }
                        String body = mode == Request.JSON ? Request.json(fields) : Request.form(fields);
                        Request request = new Request(mode, mode == Request.JSON ? "application/json"
                                : "application/x-www-form-urlencoded", group, fields, body, false, language, List.of());
                        fuzz.learnFrom(() -> ApiCalls.handle(handler, request.event(), null));
                    }
                    for (String raw : List.of("{", "x".repeat(9000))) {
                        Request request = new Request(Request.RAW, mode == Request.JSON ? "application/json"
                                : "application/x-www-form-urlencoded", group, Map.of(), raw, false, language, List.of());
                        fuzz.learn(Echoes.text(Echoes.capture(() -> ApiCalls.handle(handler, request.event(), null)).result()));
                    }
                }
            }
        }
        Request unsupported = new Request(Request.RAW, "text/plain", GROUPS.get(0), Map.of(), "", false, "", List.of());
        fuzz.learn(Echoes.text(ApiCalls.handle(handler, unsupported.event(), null)));
    }
}
