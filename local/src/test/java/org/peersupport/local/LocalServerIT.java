package org.peersupport.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.local.staff.LocalStaff;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.StaffSignIn;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The local server over moto with the repository's template plus a test function: what API
 * Gateway and Lambda do in AWS, as a client sees it over HTTP (and through curl).
 */
class LocalServerIT {
    static LocalServer server;
    static String base;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = LocalServer.start(TestStack.options(TestStack.template()));
        base = server.url().toString();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode echoed(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    @Test
    void theListingFunction_runsFromItsJar_withTheTemplatesEnvironment_behindItsRoutes() throws Exception {
        HttpResponse<String> response = get("/groups?language=es");
        assertEquals(200, response.statusCode());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("content-type").orElseThrow());
        assertTrue(response.headers().firstValue("etag").isPresent());
        assertTrue(response.headers().firstValue("apigw-requestid").isPresent());
        assertTrue(JSON.readTree(response.body()).path("groups").size() >= 2, "the sample groups were loaded");
        assertEquals(404, get("/groups/no-such-group").statusCode());
        HttpResponse<String> unrouted = get("/no/such/route");
        assertEquals(404, unrouted.statusCode());
        assertEquals("{\"message\":\"Not Found\"}", unrouted.body());
    }

    /** The HSDS feed's routes (its root with a trailing slash) reach the listing function. */
    @Test
    void theHsdsFeed_isServedFromTheTemplatesRoutes() throws Exception {
        assertEquals("3.0", JSON.readTree(get("/hsds/").body()).path("version").asText());
        JsonNode page = JSON.readTree(get("/hsds/services?per_page=2").body());
        assertEquals(2, page.path("size").asInt());
        assertTrue(page.path("total_items").asInt() >= 2, "the sample groups were loaded");
        String id = page.path("contents").get(0).path("id").asText();
        HttpResponse<String> one = get("/hsds/services/" + id);
        assertEquals(200, one.statusCode());
        assertEquals(id, JSON.readTree(one.body()).path("id").asText());
        assertEquals("public, max-age=300", one.headers().firstValue("cache-control").orElseThrow());
    }

    @Test
    void theEvent_carriesWhatApiGatewayPutsThere() throws Exception {
        JsonNode event = echoed(get("/echo/a/b?day=TU&day=WE", "Cookie", "x=1; y=2", "X-Forwarded-For", "203.0.113.5"));
        assertEquals("2.0", event.path("version").asText());
        assertEquals("ANY /echo/{proxy+}", event.path("routeKey").asText());
        assertEquals("a/b", event.path("pathParameters").path("proxy").asText());
        assertEquals("TU,WE", event.path("queryStringParameters").path("day").asText());
        assertEquals("x=1", event.path("cookies").get(0).asText());
        assertEquals("127.0.0.1", event.path("requestContext").path("http").path("sourceIp").asText(),
                "the TCP peer, not X-Forwarded-For");
        assertEquals("GET", event.path("requestContext").path("http").path("method").asText());
        assertEquals("GET /echo/exact", echoed(get("/echo/exact")).path("routeKey").asText(), "the exact route wins");
    }

    @Test
    void clientsOnDifferentLoopbackAddresses_areDifferentSources() throws Exception {
        for (String address : List.of("127.0.0.2", "127.0.0.3")) {
            try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port(), InetAddress.getByName(address), 0)) {
                OutputStream out = socket.getOutputStream();
                out.write(("GET /echo/peer HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                JsonNode event = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
                assertEquals(address, event.path("requestContext").path("http").path("sourceIp").asText());
            }
        }
    }

    @Test
    void aFormPost_reachesTheFunctionBase64Encoded() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/items/42"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("firstName=Ana&consent=on")).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode event = echoed(response);
        assertTrue(event.path("isBase64Encoded").asBoolean());
        assertEquals("firstName=Ana&consent=on", new String(Base64.getDecoder().decode(event.path("body").asText()), StandardCharsets.UTF_8));
        assertEquals("42", event.path("pathParameters").path("itemId").asText());
    }

    @Test
    void theFunctionsResponse_isReadAsPayload20() throws Exception {
        HttpResponse<String> response = get("/echo/x", "Origin", "https://not-allowed.example");
        assertEquals(List.of("a=1; Path=/", "b=2; Path=/"), response.headers().allValues("set-cookie"));
        assertEquals("yes", response.headers().firstValue("x-echo").orElseThrow());
        assertTrue(response.headers().firstValue("x-ignored").isEmpty(), "multiValueHeaders are not part of payload 2.0");
        assertTrue(response.headers().firstValue("access-control-allow-origin").isEmpty(),
                "with CORS configured, the function's own CORS headers are dropped");
        HttpResponse<String> plain = get("/echo/x?do=plain");
        assertEquals(200, plain.statusCode());
        assertEquals("{\"hello\":\"world\"}", plain.body());
    }

    @Test
    void cors_isAnsweredByTheGateway_forAllowedOriginsOnly() throws Exception {
        String origin = base;
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/groups/x/signups"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertEquals(origin, preflight.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("content-type", preflight.headers().firstValue("access-control-allow-headers").orElseThrow());
        assertEquals("600", preflight.headers().firstValue("access-control-max-age").orElseThrow());
        HttpResponse<String> listing = get("/groups", "Origin", origin);
        assertEquals(origin, listing.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("etag", listing.headers().firstValue("access-control-expose-headers").orElseThrow());
        assertTrue(get("/groups", "Origin", "https://elsewhere.example").headers().firstValue("access-control-allow-origin").isEmpty());
        assertTrue(get("/groups", "Origin", "https://www.example.org").headers().firstValue("access-control-allow-origin").isPresent(),
                "the template's own default origin stays allowed");
    }

    @Test
    void aFunctionThatThrows_timesOut_orAnswersTooMuch_isA500_andASlowIntegrationA503() throws Exception {
        assertEquals(500, get("/echo/x?do=throw").statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", get("/echo/x?do=throw").body());
        assertEquals(500, get("/echo/x?do=big").statusCode(), "over Lambda's 6 MB response limit");
        assertEquals(500, get("/echo/x?do=bad").statusCode(), "a result API Gateway cannot read");
        Instant started = Instant.now();
        assertEquals(500, get("/echo/x?do=sleep&ms=4000").statusCode(), "past the function's 2 s Timeout");
        assertTrue(Duration.between(started, Instant.now()).toMillis() < 3500);
        started = Instant.now();
        HttpResponse<String> slow = get("/slow?do=sleep&ms=1500");
        assertEquals(503, slow.statusCode(), "past the route's 500 ms integration timeout");
        assertEquals("{\"message\":\"Service Unavailable\"}", slow.body());
        assertTrue(Duration.between(started, Instant.now()).toMillis() < 1400);
        assertEquals(200, get("/echo/x").statusCode(), "the function still serves after all that");
    }

    @Test
    void aBodyOverTenMegabytes_isRefusedByTheGateway() throws Exception {
        int calls = server.function("EchoFunction").invocations();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/items/1"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10 * 1024 * 1024 + 1])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertEquals("{\"message\":\"Request Entity Too Large\"}", response.body());
        assertEquals(calls, server.function("EchoFunction").invocations());
    }

    /**
     * A route behind the staff authorizer: no token, or one that is not valid, is API Gateway's own
     * 401 and the function is not called; a valid access token (with or without "Bearer") reaches
     * it, with the token's claims as API Gateway passes them.
     */
    @Test
    void jwtRoutes_needAValidStaffToken_andPassItsClaims() throws Exception {
        int calls = server.function("EchoFunction").invocations();
        HttpResponse<String> none = get("/staff-echo/signups");
        assertEquals(401, none.statusCode());
        assertEquals("{\"message\":\"Unauthorized\"}", none.body());
        assertEquals("Bearer", none.headers().firstValue("www-authenticate").orElseThrow());
        HttpResponse<String> forged = get("/staff-echo/signups", "Authorization", "Bearer not.a.token");
        assertEquals(401, forged.statusCode());
        assertTrue(forged.headers().firstValue("www-authenticate").orElseThrow().contains("error=\"invalid_token\""));
        assertEquals(calls, server.function("EchoFunction").invocations(), "the function is not called");

        LocalStaff.Account admin = server.staff().account(LocalStaff.ADMIN);
        String token = StaffSignIn.signIn(server.deployment().cognito(), server.deployment().physicalId("StaffConsoleClient"),
                admin.username(), admin.password(), admin.totpSecret()).accessToken();
        for (String header : List.of("Bearer " + token, token)) {
            JsonNode event = echoed(get("/staff-echo/signups?groupId=connection-tue-downtown", "Authorization", header));
            JsonNode claims = event.path("requestContext").path("authorizer").path("jwt").path("claims");
            assertEquals("local-admin", claims.path("username").asText());
            assertEquals("[admins]", claims.path("cognito:groups").asText());
            assertEquals(server.deployment().physicalId("StaffConsoleClient"), claims.path("client_id").asText());
            assertTrue(claims.path("exp").asText().matches("\\d+"), "numbers are strings: " + claims);
        }
    }

    /** An authorizer the local server does not emulate (AWS_IAM, say) leaves the route closed, never open. */
    @Test
    void aRouteWithAnAuthorizerNotEmulated_isRefused() throws Exception {
        int calls = server.function("EchoFunction").invocations();
        assertEquals(403, get("/iam-echo").statusCode());
        assertEquals(calls, server.function("EchoFunction").invocations());
    }

    /** curl with a Bearer token, as docs/operations.md shows staff exporting from a terminal. */
    @Test
    void curlWithABearerToken_isAccepted_andAChangedOneIsNot() throws Exception {
        LocalStaff.Account facilitator = server.staff().account(LocalStaff.FACILITATOR);
        String token = StaffSignIn.signIn(server.deployment().cognito(), server.deployment().physicalId("StaffConsoleClient"),
                facilitator.username(), facilitator.password(), facilitator.totpSecret()).accessToken();
        String url = base + "/staff-echo/signups?email=person%2Btag%40example.org";
        Curl ok = curl("-H", "Authorization: Bearer " + token, url);
        assertEquals(200, ok.status(), ok.body());
        assertEquals("person+tag@example.org", JSON.readTree(ok.body()).path("queryStringParameters").path("email").asText());
        String changed = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertEquals(401, curl("-H", "Authorization: Bearer " + changed, url).status());
        assertEquals(401, curl(url).status());
    }

    /** The console's sign-in reaches Cognito through the local server; admin operations do not. */
    @Test
    void cognitosSignInApi_isForwarded_butNotItsAdminOperations() throws Exception {
        String client = server.deployment().physicalId("StaffConsoleClient");
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_local/cognito-idp/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.InitiateAuth")
                .POST(HttpRequest.BodyPublishers.ofString("{\"AuthFlow\":\"USER_PASSWORD_AUTH\",\"ClientId\":\"" + client
                        + "\",\"AuthParameters\":{\"USERNAME\":\"local-admin\",\"PASSWORD\":\"wrong\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, started.statusCode());
        assertTrue(started.body().contains("NotAuthorizedException"), started.body());
        HttpResponse<String> admin = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_local/cognito-idp/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSCognitoIdentityProviderService.AdminCreateUser")
                .POST(HttpRequest.BodyPublishers.ofString("{\"UserPoolId\":\"x\",\"Username\":\"intruder\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, admin.statusCode());
        assertFalse(admin.body().contains("intruder"));
    }

    /** The two local accounts, listed with what signs them in, the facilitator with the groups that name them. */
    @Test
    void theLocalStaffAccounts_areListed_readyToSignIn() throws Exception {
        JsonNode users = JSON.readTree(get("/_local/staff").body()).path("users");
        assertEquals(2, users.size());
        assertEquals("local-admin", users.get(0).path("username").asText());
        assertEquals("admins", users.get(0).path("role").asText());
        assertEquals("local-facilitator", users.get(1).path("username").asText());
        assertEquals("facilitators", users.get(1).path("role").asText());
        assertEquals("[\"connection-tue-downtown\"]", users.get(1).path("groups").toString());
        for (JsonNode user : users) {
            var tokens = StaffSignIn.signIn(server.deployment().cognito(), server.deployment().physicalId("StaffConsoleClient"),
                    user.path("username").asText(), user.path("password").asText(), user.path("totpSecret").asText());
            assertFalse(tokens.accessToken().isBlank());
        }
    }

    record Curl(int status, String body) {
    }

    static Curl curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "--max-time", "20", "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        int newline = output.lastIndexOf('\n');
        return new Curl(Integer.parseInt(output.substring(newline + 1).trim()), output.substring(0, newline));
    }

    /**
     * Burst 100, 50 a second, per route (the template's default): of 200 calls sent at once, the
     * burst passes, and no more than the burst plus what the rate refilled while they arrived; the
     * rest get API Gateway's 429. (How many arrive within a second depends on the machine, so the
     * bound is worked out from the time they took, not assumed.)
     */
    @Test
    void throttling_followsTheTemplatesDefaultRouteSettings() throws Exception {
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            calls.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create(base + "/echo/throttle")).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        int throttled = 0;
        int passed = 0;
        for (var call : calls) {
            HttpResponse<String> response = call.get(60, TimeUnit.SECONDS);
            if (response.statusCode() == 429) {
                throttled++;
                assertEquals("{\"message\":\"Too Many Requests\"}", response.body());
            } else {
                assertEquals(200, response.statusCode());
                passed++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(passed >= 100, "the burst passes: " + passed);
        long allowed = 100 + (long) Math.ceil(50 * seconds);
        assertTrue(passed <= allowed, passed + " passed in " + seconds + " s; the bucket allows " + allowed);
        assertEquals(200 - passed, throttled);
    }

    @Test
    void theWebsite_isServedAtTheRoot_withAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertTrue(page.body().contains("<html lang=\"en\">"));
        String policy = page.headers().firstValue("content-security-policy").orElseThrow();
        assertTrue(policy.contains("default-src 'self'") && policy.contains("script-src 'self'"));
        assertEquals("no-referrer", page.headers().firstValue("referrer-policy").orElseThrow());
        assertEquals(200, get("/thank-you.html").statusCode());
        assertEquals(200, get("/site.js").statusCode());
        assertEquals(404, get("/../pom.xml").statusCode());
        assertEquals(404, get("/%2e%2e/pom.xml").statusCode());
    }

    @Test
    void theOutbox_listsMailSentThroughSes_withTextAndHtml() throws Exception {
        PersonalData.Person person = PersonalData.person();
        String raw = String.join("\r\n", "From: groups@example.org", "To: " + person.email(),
                "Subject: Example Peer Support: your group details", "MIME-Version: 1.0",
                "Content-Type: multipart/alternative; boundary=\"sep\"", "", "--sep",
                "Content-Type: text/plain; charset=UTF-8", "", "Hello " + person.firstName(), "--sep",
                "Content-Type: text/html; charset=UTF-8", "", "<p>Hello " + person.firstName() + "</p>", "--sep--", "");
        try (SesV2Client ses = SesV2Client.builder().endpointOverride(server.deployment().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            try {
                ses.createEmailIdentity(r -> r.emailIdentity("groups@example.org"));
            } catch (software.amazon.awssdk.services.sesv2.model.AlreadyExistsException verified) {
                // another test verified it on the shared endpoint
            }
            ses.sendEmail(r -> r.fromEmailAddress("groups@example.org")
                    .destination(d -> d.toAddresses(person.email()))
                    .content(c -> c.raw(m -> m.data(SdkBytes.fromUtf8String(raw)))));
        }
        HttpResponse<String> outbox = get("/_local/outbox");
        assertEquals(200, outbox.statusCode());
        assertEquals("no-store", outbox.headers().firstValue("cache-control").orElseThrow());
        JsonNode mine = null;
        for (JsonNode message : JSON.readTree(outbox.body()).path("messages")) {
            if (message.path("to").toString().contains(person.email())) {
                mine = message;
            }
        }
        assertTrue(mine != null, "the message is in the outbox");
        assertEquals(List.of(person.email()), List.of(mine.path("to").get(0).asText()));
        assertEquals(1, mine.path("to").size());
        assertEquals("groups@example.org", mine.path("from").asText());
        assertEquals("Example Peer Support: your group details", mine.path("subject").asText());
        assertEquals("Hello " + person.firstName(), mine.path("text").asText().strip());
        assertEquals("<p>Hello " + person.firstName() + "</p>", mine.path("html").asText().strip());
        assertFalse(get("/_local/outbox").body().isEmpty());
        assertNull(server.apis().match("GET", "/_local/outbox"), "the outbox is no route of the template");
    }

    /**
     * A repeat sign-up is a cancelled transaction, after which moto's stream showed a reader no new
     * record (every later email then waited for the sweep, minutes later). Every email must reach
     * the outbox within 5 seconds of its sign-up, whatever came before.
     */
    @Test
    void repeatThenNewSignups_eachEmailReachesTheOutboxWithinFiveSeconds() throws Exception {
        // The mailer's first invocation in this server loads it from its jar (its cold start),
        // which on a loaded machine alone can take seconds; what is measured here is what follows.
        PersonalData.Person first = PersonalData.person();
        signUp(first);
        awaitMail(first, Duration.ofSeconds(60));
        PersonalData.Person a = PersonalData.person();
        PersonalData.Person b = PersonalData.person();
        PersonalData.Person c = PersonalData.person();
        for (PersonalData.Person person : List.of(a, a, b, c)) {
            signUp(person);
            awaitMail(person, Duration.ofSeconds(5));
        }
        assertEquals(1, mailTo(a.email()), "the repeat sends nothing more");
        assertEquals(1, mailTo(b.email()));
        assertEquals(1, mailTo(c.email()));
    }

    static void signUp(PersonalData.Person person) throws Exception {
        signUp(person, "connection-tue-downtown");
    }

    static void signUp(PersonalData.Person person, String groupId) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/groups/" + groupId + "/signups"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"firstName\":\"" + person.firstName() + "\",\"email\":\""
                        + person.email() + "\",\"forWhom\":\"self\",\"consent\":true}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, answer.statusCode(), answer.body());
    }

    /** Waits, polling the outbox, until the person's email is there; fails past {@code within} from now. */
    static void awaitMail(PersonalData.Person person, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (mailTo(person.email()) == 0) {
            assertTrue(System.nanoTime() < deadline, "no email within " + within.toSeconds() + " s of a sign-up answered 202");
            Thread.sleep(100);
        }
    }

    static int mailTo(String address) throws Exception {
        int count = 0;
        for (JsonNode message : JSON.readTree(get("/_local/outbox").body()).path("messages")) {
            for (JsonNode to : message.path("to")) {
                count += to.asText().equals(address) ? 1 : 0;
            }
        }
        return count;
    }

    /**
     * A page on another site can point a name of its own at 127.0.0.1 (DNS rebinding) and make the
     * browser fetch from this server with that name as Host: the local endpoints answer only
     * loopback names, so such a page cannot read the outbox and its withdraw links.
     */
    @Test
    void localEndpoints_answerOnlyLoopbackHostNames() throws Exception {
        for (String host : List.of("127.0.0.1", "127.0.0.1:" + server.port(), "localhost:" + server.port(), "LOCALHOST",
                "app.localhost", "[::1]:" + server.port())) {
            assertEquals(200, status("/_local/outbox", host), host);
        }
        for (String host : List.of("rebound.example.org", "rebound.example.org:" + server.port(), "127.0.0.1.nip.io",
                "localhost.example.org", "10.0.0.1", "0.0.0.0", "")) {
            assertEquals(403, status("/_local/outbox", host), host);
        }
        assertEquals(403, status("/_local/schedules/QueueNoticesFunction", "rebound.example.org"), "nor play a schedule");
        assertEquals(403, status("/_local/sns/EmailFeedbackTopic", "rebound.example.org"), "nor an SES notification");
        assertEquals(200, status("/groups", "rebound.example.org"), "the API itself answers any Host, as API Gateway's does");
    }

    /** The status of a GET sent with exactly this Host header (the JDK's HTTP clients will not send just any). */
    static int status(String path, String host) throws Exception {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    /** The contract's two ways to play what no request brings, with the template's own functions and topic. */
    @Test
    void aScheduleAndAnSesNotification_canBePlayed_andAnswerOnceTheFunctionHasReturned() throws Exception {
        HttpResponse<String> schedule = HTTP.send(HttpRequest.newBuilder(
                        URI.create(base + "/_local/schedules/QueueNoticesFunction?time=2027-02-02T01:30:00Z"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, schedule.statusCode(), schedule.body());
        JsonNode played = JSON.readTree(schedule.body());
        assertEquals("2027-02-02T01:30:00Z", played.path("time").asText());
        assertTrue(played.path("result").has("remindersQueued"), "the function's own answer: " + schedule.body());

        String bounce = JSON.readTree(java.nio.file.Files.readString(org.peersupport.testkit.Repo.root()
                .resolve("events/ses-bounce-sns.json"))).path("Records").get(0).path("Sns").path("Message").asText()
                .replace("recipient@example.com", "nobody-signed-up@example.net");
        HttpResponse<String> told = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_local/sns/EmailFeedbackTopic"))
                .POST(HttpRequest.BodyPublishers.ofString(bounce)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, told.statusCode(), told.body());
        assertEquals("RecordEmailFeedbackFunction", JSON.readTree(told.body()).path("deliveredTo").get(0).asText());
        assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_local/sns/NoSuchTopic"))
                .POST(HttpRequest.BodyPublishers.ofString(bounce)).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        assertNull(server.apis().match("POST", "/_local/schedules/QueueNoticesFunction"), "no route of the template");
    }

    /**
     * A change staff make reaches the registrant's mailbox within 5 seconds, through everything the
     * template wires: the change recorded with the group's, the GroupChanges stream to the notice
     * function, the notice queued, the Signups stream to the mailer, SES.
     */
    @Test
    void aChangeStaffMake_reachesTheRegistrantsOutbox_withinFiveSeconds() throws Exception {
        LocalStaff.Account admin = server.staff().account(LocalStaff.ADMIN);
        String token = StaffSignIn.signIn(server.deployment().cognito(), server.deployment().physicalId("StaffConsoleClient"),
                admin.username(), admin.password(), admin.totpSecret()).accessToken();
        String today = java.time.LocalDate.now(java.time.ZoneId.of("America/Denver")).toString();
        String group = "{\"name\": \"Local Notice Group\", \"program\": \"connection\", \"audience\": \"self\","
                + " \"description\": \"A group for the local run's notice test.\", \"languages\": [\"en\"],"
                + " \"format\": \"online\", \"area\": \"Online\", \"accessibility\": [],"
                + " \"schedule\": {\"timezone\": \"America/Denver\", \"rrule\": \"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU\","
                + " \"startDate\": \"" + today + "\", \"startTime\": \"23:00\", \"durationMinutes\": 45, \"exdates\": []},"
                + " \"status\": \"active\", \"meetingUrl\": \"%s\"}";
        assertEquals(201, staffPut("/staff/groups/local-notice-group", group.formatted("https://meet.example.org/first"), token));

        PersonalData.Person person = PersonalData.person();
        signUp(person, "local-notice-group");
        String request = awaitMailTo(person.email(), 1, Duration.ofSeconds(60)).get(0).path("text").asText();
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/signups/confirm\\?token=([A-Za-z0-9_-]+)").matcher(request);
        assertTrue(link.find(), "a confirm link");
        HttpResponse<String> confirmed = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/signups/confirm"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString("{\"token\":\"" + link.group(1) + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("{\"status\":\"confirmed\"}", confirmed.body());
        awaitMailTo(person.email(), 2, Duration.ofSeconds(60)); // the details email
        // The notice function's first invocation loads it from its jar (its cold start): not what is measured.
        HttpResponse<String> warm = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/_local/schedules/QueueNoticesFunction"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, warm.statusCode(), warm.body());

        long changed = System.nanoTime();
        assertEquals(200, staffPut("/staff/groups/local-notice-group", group.formatted("https://meet.example.org/moved"), token));
        JsonNode notice = awaitMailTo(person.email(), 3, Duration.ofSeconds(5)).get(2);
        System.out.printf("NOTICE local: from the staff PUT to the change notice in the outbox %d ms%n",
                (System.nanoTime() - changed) / 1_000_000);
        assertEquals("Example Peer Support: a change to your group's meetings", notice.path("subject").asText());
        assertTrue(notice.path("text").asText().contains("https://meet.example.org/moved"), "with the new link");
    }

    private static int staffPut(String path, String body, String token) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20)).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** The outbox's messages to {@code address}, once there are {@code count}; fails past {@code within} from now. */
    private static List<JsonNode> awaitMailTo(String address, int count, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<JsonNode> mine = new ArrayList<>();
            for (JsonNode message : JSON.readTree(get("/_local/outbox").body()).path("messages")) {
                if (message.path("to").toString().contains("\"" + address + "\"")) {
                    mine.add(message);
                }
            }
            if (mine.size() >= count) {
                return mine;
            }
            assertTrue(System.nanoTime() < deadline, "only " + mine.size() + " of " + count + " emails within "
                    + within.toSeconds() + " s");
            Thread.sleep(100);
        }
    }
}
