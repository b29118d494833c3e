package org.peersupport.createsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peersupport.createsignup.SignupFixture.fields;
import static org.peersupport.createsignup.SignupFixture.fingerprint;
import static org.peersupport.createsignup.SignupFixture.freshIp;
import static org.peersupport.createsignup.SignupFixture.json;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.PersonalData.Person;
import org.peersupport.testkit.SampleData;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The per-IP and per-email limits, with the stack's limit parameters set low. */
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
    void ipLimit_countsTheRequestContextsSourceIp_neverXForwardedFor_perHour() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T21:10:00Z"));
        CreateSignupHandler handler = f.handlerAt(now);
        String ip = freshIp();
        Set<String> answers = new HashSet<>();
        Person[] people = new Person[6];
        for (int i = 0; i < people.length; i++) {
            people[i] = PersonalData.person();
            APIGatewayV2HTTPEvent event = json(GROUPS.get(0), fields(people[i]), ip);
            event.getHeaders().put("x-forwarded-for", "192.0.2." + i); // a different "client" each time
            answers.add(fingerprint(handler.handleRequest(event, null)));
        }
        assertEquals(1, answers.size());
        for (int i = 0; i < people.length; i++) {
            assertEquals(i < 3, f.signup(GROUPS.get(0), people[i].email()) != null, "sign-up " + (i + 1) + " of 6");
        }

        Person elsewhere = PersonalData.person();
        APIGatewayV2HTTPEvent sameForwardedFor = json(GROUPS.get(0), fields(elsewhere), freshIp());
        sameForwardedFor.getHeaders().put("x-forwarded-for", ip);
        handler.handleRequest(sameForwardedFor, null);
        assertNotNull(f.signup(GROUPS.get(0), elsewhere.email()), "another source IP has its own limit");

        now.set(now.get().plus(1, ChronoUnit.HOURS));
        Person nextHour = PersonalData.person();
        handler.handleRequest(json(GROUPS.get(0), fields(nextHour), ip), null);
        assertNotNull(f.signup(GROUPS.get(0), nextHour.email()), "a new hour, a new count");
    }

    /**
     * Two stored sign-ups per address per day: a third group gets the same answer and nothing.
     * Repeats store nothing and send nothing, so they do not use up the address's allowance.
     */
    @Test
    void emailLimit_countsStoredSignupsPerAddressPerDay_notRepeats() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-25T08:00:00Z"));
        CreateSignupHandler handler = f.handlerAt(now);
        Person person = PersonalData.person();
        Set<String> answers = new HashSet<>();
        answers.add(fingerprint(handler.handleRequest(json(GROUPS.get(1), fields(person), freshIp()), null)));
        answers.add(fingerprint(handler.handleRequest(json(GROUPS.get(1), fields(person), freshIp()), null))); // repeat
        answers.add(fingerprint(handler.handleRequest(json(GROUPS.get(2), fields(person), freshIp()), null)));
        answers.add(fingerprint(handler.handleRequest(json(GROUPS.get(3), fields(person), freshIp()), null))); // third
        assertEquals(1, answers.size());
        assertNotNull(f.signup(GROUPS.get(1), person.email()));
        assertNotNull(f.signup(GROUPS.get(2), person.email()));
        assertNull(f.signup(GROUPS.get(3), person.email()), "over the address's daily limit: not stored");

        now.set(Instant.parse("2026-11-26T00:00:01Z"));
        handler.handleRequest(json(GROUPS.get(3), fields(person), freshIp()), null);
        assertNotNull(f.signup(GROUPS.get(3), person.email()), "a new day, a new count");
    }

    @Test
    void counters_areKeyedByHashes_andExpireWithTtl_aWindowAfterTheirOwn() {
        Instant at = Instant.parse("2026-11-27T10:30:00Z");
        CreateSignupHandler handler = f.handlerAt(new AtomicReference<>(at));
        Person person = PersonalData.person();
        String ip = freshIp();
        APIGatewayV2HTTPResponse response = handler.handleRequest(json(GROUPS.get(0), fields(person), ip), null);
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
