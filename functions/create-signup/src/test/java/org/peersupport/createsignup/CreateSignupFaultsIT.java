package org.peersupport.createsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.peersupport.createsignup.SignupFixture.fields;
import static org.peersupport.createsignup.SignupFixture.form;
import static org.peersupport.createsignup.SignupFixture.freshIp;
import static org.peersupport.createsignup.SignupFixture.json;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.privacy.EmailAddress;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.testkit.DynamoFaults;
import org.peersupport.testkit.DynamoFaults.Kind;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GenerateMacRequest;

/**
 * DynamoDB (and KMS) failing under a sign-up, injected into the real handler's own clients: each
 * outage is answered 503 with {@code Retry-After}, and leaves nothing half-written — no sign-up, no
 * message queued, no daily email count — so that the person's retry after it is taken as if it
 * were the first. The source IP's count is the one thing taken before the store: a submission that
 * got that far counts, as the contract asks, whatever became of it.
 */
@Tag("faults")
class CreateSignupFaultsIT {
    static final String GROUP = "faults-capacity-five";
    static SignupFixture f;
    static PersonalKeys keys;

    @BeforeAll
    static void deploy() {
        LocalDeployment deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        SampleData.put(deployment, SampleData.variant("connection-tue-downtown", GROUP, Map.of("capacity", 5)));
        f = new SignupFixture(deployment);
        keys = new PersonalKeys(PersonalKeys.kms(deployment.kms(), f.env.required("EMAIL_HASH_KEY")));
    }

    /** A handler whose DynamoDB and KMS clients fail as the faults say; the SDK's retries run as configured. */
    static CreateSignupHandler handler(DynamoFaults faults) {
        DynamoDbClient dynamoDb = TestClients.dynamoDb(f.env, faults);
        KmsClient kms = TestClients.kms(f.env, faults);
        return new CreateSignupHandler(f.env, dynamoDb, kms, Clock.systemUTC());
    }

    static Stream<Arguments> outages() {
        return Stream.of(
                Arguments.of(TransactWriteItemsRequest.class, Kind.THROUGHPUT_EXCEEDED),
                Arguments.of(TransactWriteItemsRequest.class, Kind.INTERNAL_ERROR),
                Arguments.of(TransactWriteItemsRequest.class, Kind.TIMEOUT),
                Arguments.of(GetItemRequest.class, Kind.THROTTLING),
                Arguments.of(GetItemRequest.class, Kind.UNAVAILABLE),
                Arguments.of(GenerateMacRequest.class, Kind.TIMEOUT));
    }

    /** What the tables hold for a person's sign-up: the observable state a fault must not change. */
    record State(boolean stored, long messages, long placesVersion, Long emailCount, Long ipCount) {
    }

    static State state(PersonalData.Person person, String ip) {
        SignupItem signup = f.signup(GROUP, person.email());
        return new State(signup != null, signup == null ? 0 : f.messages(GROUP, signup).size(),
                f.places(GROUP).version(), counter("EMAIL#" + keys.emailKey(EmailAddress.of(person.email()))),
                counter("IP#" + keys.ipKey(ip)));
    }

    static Long counter(String pk) {
        return f.scan("RateLimitsTable").stream().filter(i -> i.get("pk").s().equals(pk))
                .map(i -> Long.parseLong(i.get("count").n())).findFirst().orElse(null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("outages")
    void outage_isAnswered503WithRetryAfter_leavesNothingHalfWritten_andTheRetryAfterItIsTakenOnce(
            Class<? extends SdkRequest> operation, Kind kind) {
        PersonalData.Person person = PersonalData.person();
        String ip = freshIp();
        f.submit(json(GROUP, fields(PersonalData.person()), ip)); // the IP has counted once already
        State before = state(person, ip);

        DynamoFaults faults = new DynamoFaults().fail(operation, kind, Integer.MAX_VALUE);
        CreateSignupHandler failing = handler(faults);
        long started = System.nanoTime();
        APIGatewayV2HTTPResponse json = ApiCalls.handle(failing, json(GROUP, fields(person), ip), null);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(503, json.getStatusCode(), json.getBody());
        assertEquals("unavailable", error(json).get("code"));
        assertEquals("5", json.getHeaders().get("Retry-After"));
        assertTrue(faults.injected() > 0);
        if (operation == TransactWriteItemsRequest.class && kind == Kind.INTERNAL_ERROR) {
            // A plain HTML form gets a page saying the same, with the same header.
            APIGatewayV2HTTPResponse page = ApiCalls.handle(failing, form(GROUP, fields(person), ip, false), null);
            assertEquals(503, page.getStatusCode());
            assertEquals("5", page.getHeaders().get("Retry-After"));
            assertTrue(page.getBody().contains("may not have been saved"), "the page says to try again");
        }
        // Only a fault in the store itself comes after the IP's count (the group read and the hashes come before it).
        // (and the form's page, sent too in one case, is a second submission).
        long counted = operation != TransactWriteItemsRequest.class ? 0 : kind == Kind.INTERNAL_ERROR ? 2 : 1;
        State after = state(person, ip);
        assertEquals(new State(before.stored(), before.messages(), before.placesVersion(), before.emailCount(),
                before.ipCount() + counted), after, "nothing half-written");
        System.out.printf("FAULT create-signup %s %s: status=%d faultedAttempts=%d millis=%d halfWritten=0%n",
                operation.getSimpleName(), kind, json.getStatusCode(), faults.injected(), millis);

        faults.heal();
        SignupFixture.assertReceived(ApiCalls.handle(failing, json(GROUP, fields(person), ip), null));
        State healed = state(person, ip);
        assertTrue(healed.stored());
        assertEquals(1, healed.messages(), "one confirm request");
        assertEquals(Long.valueOf(1), healed.emailCount(), "one sign-up stored, counted once");
        assertEquals(after.ipCount() + 1, healed.ipCount());
    }

    /** Brief throttling is absorbed by the SDK's retries: the person never sees it. */
    @Test
    void briefThrottling_isRetriedByTheSdk_andTheSignupIsStoredOnce() {
        PersonalData.Person person = PersonalData.person();
        DynamoFaults faults = new DynamoFaults().fail(TransactWriteItemsRequest.class, Kind.THROUGHPUT_EXCEEDED, 2);
        SignupFixture.assertReceived(ApiCalls.handle(handler(faults), json(GROUP, fields(person), freshIp()), null));
        assertEquals(2, faults.injected());
        assertNotNull(f.signup(GROUP, person.email()));
        assertEquals(1, f.signups(GROUP).stream()
                .filter(i -> person.email().equals(i.get("email").s())).count());
        assertEquals(1, f.messages(GROUP, f.signup(GROUP, person.email())).size());
    }

    /**
     * DynamoDB applied the transaction but its answer was lost (a timeout after the write): the
     * SDK retries the same request; DynamoDB answers it from the client request token and moto
     * finds the sign-up there. Either way: one sign-up, one confirm request, one count.
     */
    @Test
    void answerLostAfterTheWrite_isStillOneSignup_oneMessage_oneCount() {
        PersonalData.Person person = PersonalData.person();
        String group = roomyGroup();
        DynamoFaults faults = new DynamoFaults().fail(TransactWriteItemsRequest.class, Kind.LOST_RESPONSE, 1);
        SignupFixture.assertReceived(ApiCalls.handle(handler(faults), json(group, fields(person), freshIp()), null));
        assertEquals(1, faults.injected());
        assertEquals(1, f.signups(group).stream().filter(i -> person.email().equals(i.get("email").s())).count());
        assertEquals(1, f.messages(group, f.signup(group, person.email())).size());
        assertEquals(Long.valueOf(1), counter("EMAIL#" + keys.emailKey(EmailAddress.of(person.email()))));
    }

    /** Every attempt's answer lost: the person is told it may not have been saved; their retry finds it stored, once. */
    @Test
    void everyAnswerLost_is503_thenTheRetryIsTakenAsARepeat_notASecondSignup() {
        PersonalData.Person person = PersonalData.person();
        String ip = freshIp();
        String group = roomyGroup();
        DynamoFaults faults = new DynamoFaults().fail(TransactWriteItemsRequest.class, Kind.LOST_RESPONSE, Integer.MAX_VALUE);
        CreateSignupHandler handler = handler(faults);
        assertEquals(503, ApiCalls.handle(handler, json(group, fields(person), ip), null).getStatusCode());
        faults.heal();
        SignupFixture.assertReceived(ApiCalls.handle(handler, json(group, fields(person), ip), null));
        assertEquals(1, f.signups(group).stream().filter(i -> person.email().equals(i.get("email").s())).count());
        assertEquals(1, f.messages(group, f.signup(group, person.email())).size(), "one confirm request, however many attempts");
    }

    /** A group of its own with places to spare, so each sign-up takes one. */
    static String roomyGroup() {
        String id = "faults-roomy-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        SampleData.put(f.deployment, SampleData.variant("connection-tue-downtown", id, Map.of("capacity", 100)));
        return id;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> error(APIGatewayV2HTTPResponse response) {
        return (Map<String, Object>) Json.parseObject(response.getBody()).get("error");
    }
}
