package org.peersupport.withdrawsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The real handler against moto. Sign-ups are written as create-signup writes them, with the
 * withdraw token's hash set as the mailer sets it when it sends the confirmation email.
 */
class WithdrawSignupIT {
    static final String DOWNTOWN = "connection-tue-downtown";
    static LocalDeployment deployment;
    static WithdrawSignupHandler handler;
    static DynamoDbClient dynamoDb;
    static String table;
    static StoredSignups stored;
    static ExecutorService pool;

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        for (String id : List.of("promote-a", "promote-b", "promote-c", "lowered")) {
            SampleData.put(deployment, SampleData.variant(DOWNTOWN, id, Map.of("capacity", 2)));
        }
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "marked-full", Map.of("capacity", 2, "status", "full")));
        handler = new WithdrawSignupHandler(deployment.env("WithdrawSignupFunction"),
                AwsClients.dynamoDb(deployment.env("WithdrawSignupFunction")), Clock.systemUTC());
        dynamoDb = deployment.dynamoDb();
        table = deployment.physicalId("SignupsTable");
        stored = new StoredSignups(deployment);
        pool = Executors.newFixedThreadPool(10);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    static APIGatewayV2HTTPEvent show(String token) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/withdraw-signup-show.json");
        event.setQueryStringParameters(token == null ? new HashMap<>() : new HashMap<>(Map.of("token", token)));
        event.setHeaders(new HashMap<>(event.getHeaders()));
        return event;
    }

    static APIGatewayV2HTTPEvent postForm(String token, String language) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/withdraw-signup-form.json");
        String body = "token=" + token + (language == null ? "" : "&language=" + language);
        event.setBody(Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)));
        event.setHeaders(new HashMap<>(event.getHeaders()));
        return event;
    }

    static APIGatewayV2HTTPEvent postJson(String body) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/withdraw-signup-json.json");
        event.setBody(body);
        event.setHeaders(new HashMap<>(event.getHeaders()));
        return event;
    }

    static APIGatewayV2HTTPResponse call(APIGatewayV2HTTPEvent event) {
        return ApiCalls.handle(handler, event, null);
    }

    static String fingerprint(APIGatewayV2HTTPResponse response) {
        return response.getStatusCode() + "\n" + new TreeMap<>(response.getHeaders()) + "\n" + response.getBody();
    }

    /** Mail scanners follow links: opening one shows a button and changes nothing. */
    @Test
    void get_showsAPageWithAButtonThatPostsTheToken_andDeletesNothing() {
        String token = stored.store(DOWNTOWN, "confirmed");
        long places = stored.held(DOWNTOWN);
        APIGatewayV2HTTPResponse page = call(show(token));
        call(show(token));

        assertEquals(200, page.getStatusCode());
        String html = page.getBody();
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
        assertTrue(html.contains("<h1>Leave this group?</h1>"));
        assertTrue(html.contains("<form method=\"post\" action=\"withdraw\">"));
        assertTrue(html.contains("<input type=\"hidden\" name=\"token\" value=\"" + token + "\">"));
        assertTrue(html.contains("<button type=\"submit\">Withdraw and delete my details</button>"));
        assertFalse(html.contains("<script"));
        Map<String, String> headers = page.getHeaders();
        assertEquals("no-store", headers.get("Cache-Control"));
        assertEquals("no-referrer", headers.get("Referrer-Policy"), "the token is in the address");
        assertTrue(headers.get("Content-Security-Policy").contains("form-action 'self';"));
        assertNotNull(stored.byToken(DOWNTOWN, token), "a GET deletes nothing");
        assertEquals(places, stored.held(DOWNTOWN));

        APIGatewayV2HTTPEvent spanish = show(token);
        spanish.getHeaders().put("accept-language", "es-US,es;q=0.9");
        assertTrue(call(spanish).getBody().contains("<h1>¿Dejar este grupo?</h1>"));
        APIGatewayV2HTTPEvent chosen = show(token);
        chosen.getQueryStringParameters().put("lang", "es");
        assertTrue(call(chosen).getBody().startsWith("<!DOCTYPE html>\n<html lang=\"es\">"));

        for (String broken : new String[] {null, "", "short", token + "x", token.substring(0, 42) + "<"}) {
            APIGatewayV2HTTPResponse notFound = call(show(broken));
            assertEquals(404, notFound.getStatusCode(), String.valueOf(broken));
            assertTrue(notFound.getBody().contains("<h1>This link has been used already, or has ended</h1>"));
        }
    }

    /** Unknown, used and expired tokens: one answer, byte for byte, as a page and as JSON. */
    @Test
    void post_withdrawsOnce_andUnknownUsedAndExpiredTokensGetTheSame404() {
        String used = stored.store(DOWNTOWN, "confirmed");
        Instant past = Instant.now().minus(200, ChronoUnit.DAYS);
        String expired = stored.store(DOWNTOWN, "confirmed", past, past.plus(180, ChronoUnit.DAYS), PersonalKeys.newToken());
        String unknown = PersonalKeys.newToken();

        APIGatewayV2HTTPResponse done = call(postForm(used, "en"));
        assertEquals(200, done.getStatusCode());
        assertTrue(done.getBody().contains("<h1>You have left the group</h1>"));
        assertEquals("no-store", done.getHeaders().get("Cache-Control"));
        assertNull(stored.byToken(DOWNTOWN, used), "deleted, with everything queued for it");
        assertEquals(0, dynamoDb.scan(r -> r.tableName(table)).items().stream()
                .filter(i -> PersonalKeys.tokenHash(used).equals(i.containsKey("withdrawTokenHash") ? i.get("withdrawTokenHash").s() : null))
                .count(), "its messages went with it");

        Set<String> pages = new HashSet<>();
        for (String token : List.of(used, expired, unknown, "not-a-token")) {
            APIGatewayV2HTTPResponse page = call(postForm(token, "en"));
            assertEquals(404, page.getStatusCode());
            pages.add(fingerprint(page));
            // Opened again, the link says at once that it has done its work, without a button first.
            pages.add(fingerprint(call(show(token))));
        }
        assertEquals(1, pages.size());
        assertTrue(pages.iterator().next().contains("You are welcome back any time."), "it reads as done, not failed");
        Set<String> json = new HashSet<>();
        for (String token : List.of(used, expired, unknown, "not-a-token")) {
            APIGatewayV2HTTPResponse response = call(postJson("{\"token\":\"" + token + "\"}"));
            assertEquals(404, response.getStatusCode());
            json.add(fingerprint(response));
        }
        assertEquals(1, json.size());
        assertTrue(json.iterator().next().contains("\"code\":\"not_found\""));
        assertNotNull(stored.byToken(DOWNTOWN, expired), "an expired sign-up is left for TTL, not withdrawn");
    }

    @Test
    void post_json_answersWithdrawn_andRefusesOtherShapes() {
        String token = stored.store(DOWNTOWN, "waitlisted");
        APIGatewayV2HTTPResponse response = call(postJson("{\"token\":\"" + token + "\"}"));
        assertEquals(200, response.getStatusCode());
        assertEquals(WithdrawSignupHandler.WITHDRAWN, response.getBody());
        assertEquals("application/json; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));

        for (String body : List.of("{}", "{\"token\":1}", "{\"token\":\"" + token + "\",\"email\":\"x@example.org\"}", "[",
            "")) {
            APIGatewayV2HTTPResponse bad = call(postJson(body));
            assertEquals(400, bad.getStatusCode(), body);
            assertFalse(bad.getBody().contains(token));
        }
        APIGatewayV2HTTPEvent text = postJson("token=" + token);
        text.getHeaders().put("content-type", "text/plain");
        assertEquals(415, call(text).getStatusCode());
        APIGatewayV2HTTPResponse large = call(postJson("{\"token\":\"" + "x".repeat(9000) + "\"}"));
        assertEquals(413, large.getStatusCode());
    }

    /** The sample event as API Gateway sends it: a base64-encoded form. */
    @Test
    void sampleFormEvent_withdrawsItsSignup() {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/withdraw-signup-form.json");
        String body = new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8);
        String token = body.substring("token=".length(), body.indexOf('&'));
        Instant now = Instant.now();
        stored.store("connection-lunch-online", "confirmed", now, now.plus(180, ChronoUnit.DAYS), token);
        assertEquals(200, call(event).getStatusCode());
        assertNull(stored.byToken("connection-lunch-online", token));
        assertEquals(404, call(EventLoader.loadApiGatewayHttpEvent("events/withdraw-signup-form.json")).getStatusCode());
    }

    /** A freed place goes to the group's earliest waitlisted sign-up that has not expired. */
    @Test
    void withdrawingAConfirmedPlace_givesItToTheEarliestLiveWaitlistedSignup() {
        Instant now = Instant.now();
        String leaving = stored.store("promote-a", "confirmed");
        stored.store("promote-a", "confirmed");
        String expiredWaiting = stored.store("promote-a", "waitlisted", now.minus(200, ChronoUnit.DAYS),
                now.minus(20, ChronoUnit.DAYS), PersonalKeys.newToken());
        String firstWaiting = stored.store("promote-a", "waitlisted", now.minus(2, ChronoUnit.DAYS),
                now.plus(178, ChronoUnit.DAYS), PersonalKeys.newToken());
        String secondWaiting = stored.store("promote-a", "waitlisted", now.minus(1, ChronoUnit.DAYS),
                now.plus(179, ChronoUnit.DAYS), PersonalKeys.newToken());
        assertEquals(2, stored.held("promote-a"));

        assertEquals(200, call(postForm(leaving, "en")).getStatusCode());

        SignupItem promoted = stored.byToken("promote-a", firstWaiting);
        assertEquals("confirmed", promoted.status());
        assertEquals("pending", promoted.emailStatus(), "the mailer tells them they have a place");
        List<MessageItem> messages = stored.messagesOf(promoted);
        MessageItem placeOpened = messages.get(messages.size() - 1);
        assertEquals("place_opened", placeOpened.kind());
        assertEquals("place_opened", placeOpened.cause());
        assertEquals(SignupKeys.PENDING, placeOpened.emailPending(), "queued for the mailer");
        assertEquals(3, promoted.messageCount());
        assertEquals("waitlisted", stored.byToken("promote-a", secondWaiting).status());
        assertEquals("waitlisted", stored.byToken("promote-a", expiredWaiting).status(), "expired: never promoted");
        assertEquals(2, stored.held("promote-a"), "the place moved; none was lost or added");
    }

    @Test
    void withdrawingAConfirmedPlace_withNobodyWaiting_givesThePlaceBack() {
        String leaving = stored.store("promote-b", "confirmed");
        stored.store("promote-b", "confirmed");
        assertEquals(2, stored.held("promote-b"));
        assertEquals(200, call(postJson("{\"token\":\"" + leaving + "\"}")).getStatusCode());
        assertEquals(1, stored.held("promote-b"));

        String waiting = stored.store("promote-b", "waitlisted");
        assertEquals(200, call(postJson("{\"token\":\"" + waiting + "\"}")).getStatusCode());
        assertEquals(1, stored.held("promote-b"), "a waitlisted sign-up held no place");
    }

    /** Staff decide for a group marked full, and a lowered capacity leaves no room: nobody is promoted. */
    @Test
    void noPromotion_inAGroupMarkedFull_orWhenALoweredCapacityLeavesNoRoom() {
        String leaving = stored.store("marked-full", "confirmed");
        String waiting = stored.store("marked-full", "waitlisted");
        assertEquals(200, call(postJson("{\"token\":\"" + leaving + "\"}")).getStatusCode());
        assertEquals("waitlisted", stored.byToken("marked-full", waiting).status());
        assertEquals(0, stored.held("marked-full"));

        String[] confirmed = {stored.store("lowered", "confirmed"), stored.store("lowered", "confirmed"), stored.store("lowered", "confirmed")};
        String stillWaiting = stored.store("lowered", "waitlisted");
        assertEquals(3, stored.held("lowered")); // capacity was 3, now 2
        assertEquals(200, call(postJson("{\"token\":\"" + confirmed[0] + "\"}")).getStatusCode());
        assertEquals("waitlisted", stored.byToken("lowered", stillWaiting).status());
        assertEquals(2, stored.held("lowered"));
    }

    /** Two clicks at once (or a scanner racing the person): one withdrawal, one "can't be used". */
    @Test
    void concurrentWithdrawalsWithOneToken_withdrawOnce() throws Exception {
        String token = stored.store("promote-c", "confirmed");
        stored.store("promote-c", "confirmed");
        assertEquals(2, stored.held("promote-c"));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<APIGatewayV2HTTPResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return call(postJson("{\"token\":\"" + token + "\"}"));
            }));
        }
        start.countDown();
        int withdrawn = 0;
        for (Future<APIGatewayV2HTTPResponse> future : futures) {
            int status = future.get(60, TimeUnit.SECONDS).getStatusCode();
            assertTrue(status == 200 || status == 404, Integer.toString(status));
            withdrawn += status == 200 ? 1 : 0;
        }
        assertEquals(1, withdrawn);
        assertNull(stored.byToken("promote-c", token));
        assertEquals(1, stored.held("promote-c"), "the place is given back once");
    }

    @Test
    void onlyTheTokensHashIsStored_andWithdrawingWritesNoTokenAnywhere() {
        String token = stored.store(DOWNTOWN, "confirmed");
        call(show(token));
        call(postForm(token, "en"));
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(r -> r.tableName(table)).items().forEach(items::add);
        assertFalse(items.isEmpty());
        for (Map<String, AttributeValue> item : items) {
            assertFalse(item.toString().contains(token));
        }
        assertEquals(43, PersonalKeys.tokenHash(token).length());
    }
}
