package org.peersupport.createsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peersupport.createsignup.SignupFixture.fields;
import static org.peersupport.createsignup.SignupFixture.fingerprint;
import static org.peersupport.createsignup.SignupFixture.form;
import static org.peersupport.createsignup.SignupFixture.freshIp;
import static org.peersupport.createsignup.SignupFixture.json;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.MovableClock;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.PersonalData.Person;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The limits, with the stack's limit parameters set low, and the oracle they used to be: what a
 * prober can observe — answers, what the prober's own addresses get, the calls made — is the same
 * whether or not the address probed has signed up.
 */
class SignupLimitsIT {
    static final List<String> GROUPS = List.of("connection-tue-downtown", "family-support-thu-online",
            "connection-lunch-online", "conexion-sabado-hibrido");
    static SignupFixture f;

    @BeforeAll
    static void deploy() {
        LocalDeployment deployment = LocalDeployment.create(Map.of("SignupsPerIpPerHour", "3", "SignupsPerEmailPerDay", "2"));
        SampleData.load().writeTo(deployment);
        f = new SignupFixture(deployment);
    }

    /** The source IP is the TCP peer API Gateway saw; X-Forwarded-For is written by the client, so ignored. */
    @Test
    void ipLimit_countsEveryValidSubmission_fromTheRequestContextsSourceIp_andAnswers429WithRetryAfter() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T21:10:00Z"));
        CreateSignupHandler handler = f.handlerAt(now);
        String ip = freshIp();
        Person[] people = new Person[5];
        List<APIGatewayV2HTTPResponse> answers = new ArrayList<>();
        for (int i = 0; i < people.length; i++) {
            people[i] = PersonalData.person();
            APIGatewayV2HTTPEvent event = json(GROUPS.get(0), fields(people[i]), ip);
            event.getHeaders().put("x-forwarded-for", "192.0.2." + i); // a different "client" each time
            answers.add(ApiCalls.handle(handler, event, null));
        }
        for (int i = 0; i < people.length; i++) {
            assertEquals(i < 3 ? 202 : 429, answers.get(i).getStatusCode(), "submission " + (i + 1) + " of 5");
            assertEquals(i < 3, f.signup(GROUPS.get(0), people[i].email()) != null);
        }
        APIGatewayV2HTTPResponse limited = answers.get(3);
        assertEquals("rate_limited", ((Map<?, ?>) Json.parseObject(limited.getBody()).get("error")).get("code"));
        assertEquals("3000", limited.getHeaders().get("Retry-After"), "until the hour is over (21:10 to 22:00)");
        assertEquals(fingerprint(answers.get(3)), fingerprint(answers.get(4)));
        for (Person person : people) {
            assertTrue(!limited.getBody().contains(person.email()) && !limited.getBody().contains(person.firstName()));
        }
        APIGatewayV2HTTPResponse page = ApiCalls.handle(handler, form(GROUPS.get(0), fields(PersonalData.person()), ip, false), null);
        assertEquals(429, page.getStatusCode());
        assertTrue(page.getBody().contains("Too many sign-ups have come from this network"), page.getBody());
        assertEquals("3000", page.getHeaders().get("Retry-After"));

        Person elsewhere = PersonalData.person();
        APIGatewayV2HTTPEvent sameForwardedFor = json(GROUPS.get(0), fields(elsewhere), freshIp());
        sameForwardedFor.getHeaders().put("x-forwarded-for", ip);
        assertEquals(202, ApiCalls.handle(handler, sameForwardedFor, null).getStatusCode(), "another source IP has its own limit");

        now.set(now.get().plus(1, ChronoUnit.HOURS));
        Person nextHour = PersonalData.person();
        ApiCalls.handle(handler, json(GROUPS.get(0), fields(nextHour), ip), null);
        assertNotNull(f.signup(GROUPS.get(0), nextHour.email()), "a new hour, a new count");
    }

    /**
     * The membership oracle: probe the victim, then sign up three addresses of one's own from the
     * same IP (the limit is 3). Whether or not the victim had signed up, the prober sees the same
     * answers and the same of their own addresses stored and emailed: the probe cost one either way.
     */
    @Test
    void probingAnAddress_costsTheProberTheSame_whetherOrNotItHasSignedUp() {
        Map<String, String> observed = new LinkedHashMap<>();
        // One moment for both, so the 429's Retry-After is the same too.
        CreateSignupHandler handler = f.handlerAt(new AtomicReference<>(Instant.parse("2026-11-28T15:20:00Z")));
        for (boolean member : new boolean[] {true, false}) {
            String group = GROUPS.get(1);
            Person victim = PersonalData.person();
            if (member) {
                assertEquals(202, ApiCalls.handle(handler, json(group, fields(victim), freshIp()), null).getStatusCode());
            }
            String prober = freshIp();
            StringBuilder seen = new StringBuilder();
            seen.append(fingerprint(ApiCalls.handle(handler, json(group, fields(victim), prober), null))).append('\n');
            int ownStored = 0;
            for (int i = 0; i < 3; i++) {
                Person own = PersonalData.person();
                seen.append(fingerprint(ApiCalls.handle(handler, json(group, fields(own), prober), null))).append('\n');
                SignupItem stored = f.signup(group, own.email());
                if (stored != null && !f.messages(group, stored).isEmpty()) {
                    ownStored++;
                }
            }
            seen.append("own addresses sent a confirm request: ").append(ownStored);
            observed.put(member ? "member" : "not a member", seen.toString());
        }
        assertEquals(observed.get("member"), observed.get("not a member"));
        assertTrue(observed.get("member").endsWith(": 2"), observed.get("member"));
    }

    /**
     * Every valid submission makes the same AWS calls, in the same order, whatever the address's
     * state — new, unconfirmed (recently asked, or not), confirmed, waitlisted, its day's emails
     * used up — and the honeypot too: nothing about the address can be told from them.
     */
    @Test
    void everyValidSubmission_makesTheSameCalls_whateverTheAddressesState() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-26T09:00:00Z"));
        List<String> calls = new ArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                calls.add(context.request().getClass().getSimpleName());
            }
        };
        CreateSignupHandler handler = new CreateSignupHandler(f.env, TestClients.dynamoDb(f.env, recorder),
                TestClients.kms(f.env, recorder), new MovableClock(now));
        String group = GROUPS.get(2);
        Map<String, List<String>> byState = new LinkedHashMap<>();
        Person person = PersonalData.person();
        java.util.function.BiConsumer<String, Map<String, Object>> submit = (state, fields) -> {
            calls.clear();
            assertEquals(202, ApiCalls.handle(handler, json(group, fields, freshIp()), null).getStatusCode(), state);
            byState.put(state, List.copyOf(calls));
        };
        submit.accept("new", fields(person));
        submit.accept("unconfirmed, asked a moment ago", fields(person));
        now.set(now.get().plus(2, ChronoUnit.HOURS));
        submit.accept("unconfirmed, asked two hours ago", fields(person));
        SignupItem stored = f.signup(group, person.email());
        setStatus(stored, "confirmed", now.get().getEpochSecond());
        submit.accept("confirmed, emailed a moment ago", fields(person));
        setStatus(stored, "waitlisted", now.get().minus(2, ChronoUnit.DAYS).getEpochSecond());
        submit.accept("waitlisted, emailed two days ago (its second email today: the limit)", fields(person));
        setStatus(stored, "waitlisted", now.get().minus(2, ChronoUnit.DAYS).getEpochSecond());
        submit.accept("over the address's daily emails", fields(person));
        Map<String, Object> honeypot = fields(PersonalData.person());
        honeypot.put("website", "x");
        submit.accept("honeypot", honeypot);

        Set<List<String>> distinct = new HashSet<>(byState.values());
        assertEquals(1, distinct.size(), byState.toString());
        assertEquals(List.of("GetItemRequest", "GenerateMacRequest", "UpdateItemRequest", "GenerateMacRequest",
                "GetItemRequest", "TransactWriteItemsRequest"), byState.get("new"));
    }

    /** A sign-up's state as confirm-signup would leave it, set straight in the table. */
    private static void setStatus(SignupItem signup, String status, long lastDetailsAt) {
        f.dynamoDb.updateItem(u -> u.tableName(f.deployment.physicalId("SignupsTable"))
                .key(Map.of("pk", AttributeValue.fromS(signup.pk()), "sk", AttributeValue.fromS(signup.sk())))
                .updateExpression("SET #s = :s, lastDetailsAt = :t")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status),
                        ":t", AttributeValue.fromN(Long.toString(lastDetailsAt))))
                .build());
    }

    /**
     * At most two emails a day caused to one address by submissions (the parameter is 2 here):
     * past that nothing is stored or sent, and the answer is the same.
     */
    @Test
    void emailLimit_capsTheEmailsSubmissionsCauseToAnAddressPerDay_silently() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T08:00:00Z"));
        CreateSignupHandler handler = f.handlerAt(now);
        Person person = PersonalData.person();
        Set<String> answers = new HashSet<>();
        answers.add(fingerprint(ApiCalls.handle(handler, json(GROUPS.get(1), fields(person), freshIp()), null)));
        answers.add(fingerprint(ApiCalls.handle(handler, json(GROUPS.get(1), fields(person), freshIp()), null))); // repeat
        answers.add(fingerprint(ApiCalls.handle(handler, json(GROUPS.get(2), fields(person), freshIp()), null)));
        answers.add(fingerprint(ApiCalls.handle(handler, json(GROUPS.get(3), fields(person), freshIp()), null))); // third
        assertEquals(1, answers.size());
        assertNotNull(f.signup(GROUPS.get(1), person.email()));
        assertNotNull(f.signup(GROUPS.get(2), person.email()));
        assertNull(f.signup(GROUPS.get(3), person.email()), "over the address's daily emails: not stored, not sent");
        now.set(now.get().plus(2, ChronoUnit.HOURS));
        ApiCalls.handle(handler, json(GROUPS.get(1), fields(person), freshIp()), null);
        SignupItem first = f.signup(GROUPS.get(1), person.email());
        assertEquals(1, f.messages(GROUPS.get(1), first).size(), "a repeat past the hour would ask again: not today");

        now.set(Instant.parse("2026-11-26T00:00:01Z"));
        ApiCalls.handle(handler, json(GROUPS.get(3), fields(person), freshIp()), null);
        assertNotNull(f.signup(GROUPS.get(3), person.email()), "a new day, a new count");
    }

    @Test
    void counters_areKeyedByHashes_andExpireWithTtl_aWindowAfterTheirOwn() {
        Instant at = Instant.parse("2026-11-27T10:30:00Z");
        CreateSignupHandler handler = f.handlerAt(new AtomicReference<>(at));
        Person person = PersonalData.person();
        String ip = freshIp();
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, json(GROUPS.get(0), fields(person), ip), null);
        assertEquals(202, response.getStatusCode());
        List<Map<String, AttributeValue>> counters = f.scan("RateLimitsTable").stream()
                .filter(i -> i.get("sk").s().equals("HOUR#2026-11-27T10") || i.get("sk").s().equals("DAY#2026-11-27"))
                .toList();
        assertEquals(2, counters.size());
        for (Map<String, AttributeValue> counter : counters) {
            String pk = counter.get("pk").s();
            assertTrue(pk.matches("(IP|EMAIL)#[A-Za-z0-9_-]{43}"), pk);
            assertEquals("1", counter.get("count").n());
            long expires = Long.parseLong(counter.get("expiresAt").n());
            long expected = pk.startsWith("IP#") ? Instant.parse("2026-11-27T12:00:00Z").getEpochSecond()
                    : Instant.parse("2026-11-29T00:00:00Z").getEpochSecond();
            assertEquals(expected, expires, pk);
        }
    }
}
