package org.peersupport.confirmsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.MovableClock;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.api.ApiCalls;

/** The real handler against moto, with sign-ups as create-signup and the mailer leave them before the confirm step. */
class ConfirmSignupIT {
    static final String DOWNTOWN = "connection-tue-downtown";
    static LocalDeployment deployment;
    static ConfirmSignupHandler handler;
    static Unconfirmed stored;

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "capacity-two", Map.of("capacity", 2)));
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "marked-full", Map.of("status", "full")));
        handler = new ConfirmSignupHandler(deployment.env("ConfirmSignupFunction"),
                AwsClients.dynamoDb(deployment.env("ConfirmSignupFunction")), Clock.systemUTC());
        stored = new Unconfirmed(deployment);
    }

    static APIGatewayV2HTTPEvent show(String token) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/confirm-signup-show.json");
        event.setQueryStringParameters(token == null ? new HashMap<>() : new HashMap<>(Map.of("token", token)));
        event.setHeaders(new HashMap<>(event.getHeaders()));
        return event;
    }

    static APIGatewayV2HTTPEvent postForm(String token) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/confirm-signup-form.json");
        event.setBody(Base64.getEncoder().encodeToString(("token=" + token + "&language=en").getBytes(StandardCharsets.UTF_8)));
        event.setHeaders(new HashMap<>(event.getHeaders()));
        return event;
    }

    static APIGatewayV2HTTPEvent postJson(String token) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/confirm-signup-json.json");
        event.setBody("{\"token\":\"" + token + "\"}");
        event.setHeaders(new HashMap<>(event.getHeaders()));
        return event;
    }

    static String fingerprint(APIGatewayV2HTTPResponse response) {
        return response.getStatusCode() + "\n" + new TreeMap<>(response.getHeaders()) + "\n" + response.getBody();
    }

    /** Mail scanners follow links: opening one names the group, shows a button, and changes nothing. */
    @Test
    void get_namesTheGroup_withAButtonThatPostsTheToken_andChangesNothing() {
        String token = stored.store(DOWNTOWN);
        APIGatewayV2HTTPResponse page = ApiCalls.handle(handler, show(token), null);
        ApiCalls.handle(handler, show(token), null);
        assertEquals(200, page.getStatusCode());
        String html = page.getBody();
        assertTrue(html.contains("<h1>Confirm your sign-up</h1>"), html);
        assertTrue(html.contains("Connection Recovery Support Group"), "names the group");
        assertTrue(html.contains("<form method=\"post\" action=\"confirm\">"));
        assertTrue(html.contains("<input type=\"hidden\" name=\"token\" value=\"" + token + "\">"));
        assertFalse(html.contains("<script"));
        assertEquals("no-store", page.getHeaders().get("Cache-Control"));
        assertEquals("no-referrer", page.getHeaders().get("Referrer-Policy"), "the token is in the address");
        SignupItem signup = stored.byToken(DOWNTOWN, token);
        assertEquals("unconfirmed", signup.status(), "a GET changes nothing");
        assertEquals(1, stored.messagesOf(signup).size());

        Set<String> notFound = new HashSet<>();
        for (String broken : new String[] {null, "", "short", token + "x", PersonalKeys.newToken()}) {
            APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, show(broken), null);
            assertEquals(404, response.getStatusCode(), String.valueOf(broken));
            notFound.add(fingerprint(response));
        }
        assertEquals(1, notFound.size(), "one page for every token that cannot be used");
    }

    /**
     * Places are given here: the first two confirmations of a group with two places are
     * confirmed, the third waitlisted, each in one transaction with the group's count (a
     * waitlisted one moves the version too); a group staff mark full waitlists everyone.
     */
    @Test
    void post_givesPlacesInOrder_thenTheWaitlist_andQueuesTheDetailsEmail() {
        List<String> tokens = List.of(stored.store("capacity-two"), stored.store("capacity-two"), stored.store("capacity-two"));
        List<String> answers = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        for (String token : tokens) {
            answers.add(ApiCalls.handle(handler, postJson(token), null).getBody());
            versions.add(stored.places("capacity-two").version());
        }
        assertEquals(List.of("{\"status\":\"confirmed\"}", "{\"status\":\"confirmed\"}", "{\"status\":\"waitlisted\"}"), answers);
        assertEquals(List.of(1L, 2L, 3L), versions);
        assertEquals(2, stored.places("capacity-two").held(LocalDate.now(ZoneOffset.UTC)));
        for (String token : tokens) {
            SignupItem signup = stored.byToken("capacity-two", token);
            List<MessageItem> messages = stored.messagesOf(signup);
            assertEquals(2, messages.size());
            assertEquals("details", messages.get(1).kind());
            assertEquals("pending", messages.get(1).emailStatus());
            assertEquals("pending", signup.emailStatus());
            assertEquals(Instant.parse(signup.createdAt()).plus(180, ChronoUnit.DAYS).getEpochSecond(), signup.expiresAt(),
                    "kept for the retention period from the request");
            assertEquals(signup.expiresAt(), messages.get(1).expiresAt());
        }
        String early = stored.store("marked-full");
        assertEquals("{\"status\":\"waitlisted\"}", ApiCalls.handle(handler, postJson(early), null).getBody());
        // The page promises what the waitlisted person's email holds: the schedule, not where to go.
        String page = ApiCalls.handle(handler, postForm(stored.store("marked-full")), null).getBody();
        assertTrue(page.contains("You are on the waiting list"), page);
        assertTrue(page.contains("We are emailing you its schedule now, and where and how to join as soon as a place "
                + "opens for you."), page);
        assertFalse(page.contains("meeting details"), "no promise of details a waitlisted person will not get");
    }

    /**
     * Six people confirm at once for a group's two places: DynamoDB's transactions are
     * serializable, so exactly two get a place and four wait, whatever the interleaving; no place
     * is taken twice or lost, and every confirmation moves the places' version once.
     */
    @Test
    void sixConfirmationsAtOnce_forTwoPlaces_twoConfirmedAndFourWaitlisted_exactly() throws Exception {
        SampleData.put(deployment, SampleData.variant(DOWNTOWN, "two-places-at-once", Map.of("capacity", 2)));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tokens.add(stored.store("two-places-at-once"));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<APIGatewayV2HTTPResponse>> futures = new ArrayList<>();
            for (String token : tokens) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return handler.handleRequest(postJson(token), null);
                }));
            }
            start.countDown();
            Map<String, Integer> answers = new TreeMap<>();
            for (java.util.concurrent.Future<APIGatewayV2HTTPResponse> future : futures) {
                answers.merge(future.get(60, java.util.concurrent.TimeUnit.SECONDS).getBody(), 1, Integer::sum);
            }
            assertEquals(Map.of("{\"status\":\"confirmed\"}", 2, "{\"status\":\"waitlisted\"}", 4), answers);
        } finally {
            pool.shutdownNow();
        }
        Map<String, Integer> statuses = new TreeMap<>();
        for (String token : tokens) {
            statuses.merge(stored.byToken("two-places-at-once", token).status(), 1, Integer::sum);
        }
        assertEquals(Map.of("confirmed", 2, "waitlisted", 4), statuses);
        assertEquals(2, stored.places("two-places-at-once").held(LocalDate.now(ZoneOffset.UTC)));
        assertEquals(6, stored.places("two-places-at-once").version(), "every confirmation moved the places' version once");
    }

    /** The same token again answers the same, with where the sign-up stands, and sends nothing more. */
    @Test
    void sameTokenAgain_answersTheSame_andQueuesNothingMore() {
        String token = stored.store(DOWNTOWN);
        APIGatewayV2HTTPResponse first = ApiCalls.handle(handler, postForm(token), null);
        APIGatewayV2HTTPResponse second = ApiCalls.handle(handler, postForm(token), null);
        assertEquals(200, first.getStatusCode());
        assertTrue(first.getBody().contains("<h1>You are signed up</h1>"), first.getBody());
        assertEquals(fingerprint(first), fingerprint(second));
        assertEquals("{\"status\":\"confirmed\"}", ApiCalls.handle(handler, postJson(token), null).getBody());
        assertEquals(2, stored.messagesOf(stored.byToken(DOWNTOWN, token)).size(), "one details email, however often");
        APIGatewayV2HTTPResponse page = ApiCalls.handle(handler, show(token), null);
        assertTrue(page.getBody().contains("<h1>You are signed up</h1>"), "the link now shows where it stands");
    }

    /** Unconfirmed sign-ups are gone 72 hours after the request: their link is then like an unknown one. */
    @Test
    void after72Hours_theLinkIsLikeAnUnknownOne() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
        ConfirmSignupHandler later = new ConfirmSignupHandler(deployment.env("ConfirmSignupFunction"),
                AwsClients.dynamoDb(deployment.env("ConfirmSignupFunction")), new MovableClock(now));
        String token = stored.store(DOWNTOWN);
        String unknown = PersonalKeys.newToken();
        now.set(now.get().plus(73, ChronoUnit.HOURS));
        Set<String> answers = new HashSet<>();
        for (String t : List.of(token, unknown)) {
            APIGatewayV2HTTPResponse json = ApiCalls.handle(later, postJson(t), null);
            assertEquals(404, json.getStatusCode());
            answers.add(fingerprint(json));
        }
        assertEquals(1, answers.size());
        assertEquals("unconfirmed", stored.byToken(DOWNTOWN, token).status());
    }

    @Test
    void aPausedGroup_is409_andNothingChanges() {
        String token = stored.store("young-adults-thu-eastside");
        APIGatewayV2HTTPResponse json = ApiCalls.handle(handler, postJson(token), null);
        assertEquals(409, json.getStatusCode());
        assertTrue(json.getBody().contains("\"signups_closed\""));
        assertEquals("unconfirmed", stored.byToken("young-adults-thu-eastside", token).status());
    }

    @Test
    void post_refusesOtherShapes_withoutEchoingThem() {
        String token = stored.store(DOWNTOWN);
        for (String body : List.of("{}", "{\"token\":1}", "{\"token\":\"" + token + "\",\"email\":\"x@example.org\"}", "[", "")) {
            APIGatewayV2HTTPEvent event = postJson(token);
            event.setBody(body);
            APIGatewayV2HTTPResponse bad = ApiCalls.handle(handler, event, null);
            assertEquals(400, bad.getStatusCode(), body);
            assertFalse(bad.getBody().contains(token));
        }
        APIGatewayV2HTTPEvent text = postJson(token);
        text.getHeaders().put("content-type", "text/plain");
        assertEquals(415, ApiCalls.handle(handler, text, null).getStatusCode());
        assertEquals("unconfirmed", stored.byToken(DOWNTOWN, token).status());
    }

    /** The sample events as API Gateway sends them. */
    @Test
    void sampleEvents_areHandled() {
        String token = "cN4sQ8vW2xZ6bD0fH3jL7mP1rT5uY9aE2gK6nR0wC4q";
        stored.store("connection-lunch-online", Instant.now(), token);
        assertEquals(200, ApiCalls.handle(handler, EventLoader.loadApiGatewayHttpEvent("events/confirm-signup-show.json"), null)
                .getStatusCode());
        assertEquals(200, ApiCalls.handle(handler, EventLoader.loadApiGatewayHttpEvent("events/confirm-signup-form.json"), null)
                .getStatusCode());
        assertEquals("{\"status\":\"confirmed\"}",
                ApiCalls.handle(handler, EventLoader.loadApiGatewayHttpEvent("events/confirm-signup-json.json"), null).getBody());
    }
}
