package org.peersupport.erasesignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.DynamoFaults;
import org.peersupport.testkit.DynamoFaults.Kind;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * DynamoDB failing in the middle of an erasure (after the first of three sign-ups is gone): the
 * staff member gets 503, and asking again erases the rest and answers with how many; a third time
 * says 0. And if the audit record cannot be written, nothing is erased at all.
 */
@Tag("faults")
class EraseSignupsFaultsIT {
    static LocalDeployment deployment;
    static Env env;
    static PersonalKeys keys;

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        keys = new PersonalKeys(PersonalKeys.kms(deployment.kms(), deployment.physicalId("EmailHashKey")));
        env = deployment.env("EraseSignupsFunction");
    }

    /** A waitlisted sign-up (no place to free), stored as create-signup stores one. */
    static void signup(String groupId, PersonalData.Person person) {
        String emailKey = keys.emailKey(org.peersupport.shared.privacy.EmailAddress.of(person.email()));
        deployment.enhanced().table(deployment.physicalId("SignupsTable"), SignupItem.SCHEMA).putItem(SignupItem.builder()
                .pk(SignupKeys.groupPk(groupId)).sk(SignupKeys.signupSk(emailKey))
                .signupId(UUID.randomUUID().toString()).groupId(groupId).emailKey(emailKey)
                .createdAt(Instant.now().toString()).expiresAt(Instant.now().getEpochSecond() + 86_400)
                .firstName(person.firstName()).email(person.email()).forWhom("self").language("en").status("waitlisted")
                .emailStatus("pending").build());
    }

    static EraseSignupsHandler handler(DynamoFaults faults) {
        return new EraseSignupsHandler(env, TestClients.dynamoDb(env, faults), AwsClients.kms(env), Clock.systemUTC());
    }

    @Test
    void outageMidErasure_is503_andAskingAgainFinishesIt() {
        PersonalData.Person person = PersonalData.person();
        for (String group : List.of("connection-tue-downtown", "familia-a-familia-miercoles", "connection-lunch-online")) {
            signup(group, person);
        }
        DynamoFaults faults = new DynamoFaults().failAfter(TransactWriteItemsRequest.class, 1, Kind.INTERNAL_ERROR,
                Integer.MAX_VALUE);
        EraseSignupsHandler handler = handler(faults);
        APIGatewayV2HTTPResponse failed = ApiCalls.handle(handler, erase(person.email()), null);
        assertEquals(503, failed.getStatusCode(), failed.getBody());
        assertEquals("5", failed.getHeaders().get("Retry-After"));
        assertEquals(2, remaining(person.email()), "one erased before the fault, two left");

        faults.heal();
        assertEquals(2L, erased(ApiCalls.handle(handler, erase(person.email()), null)));
        assertEquals(0, remaining(person.email()));
        assertEquals(0L, erased(ApiCalls.handle(handler, erase(person.email()), null)));
        System.out.printf("FAULT erase-signups mid-erasure: status=%d faultedAttempts=%d left=2 afterRetry=0%n",
                failed.getStatusCode(), faults.injected());
    }

    @Test
    void auditRecordNotWritten_erasesNothing() {
        PersonalData.Person person = PersonalData.person();
        signup("connection-tue-downtown", person);
        DynamoFaults faults = new DynamoFaults().fail(PutItemRequest.class, Kind.UNAVAILABLE, Integer.MAX_VALUE);
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler(faults), erase(person.email()), null);
        assertEquals(503, response.getStatusCode());
        assertTrue(faults.injected() > 0);
        assertEquals(1, remaining(person.email()), "fail closed: no audit record, no erasure");
    }

    static APIGatewayV2HTTPEvent erase(String email) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/erase-signups.json");
        event.setQueryStringParameters(new HashMap<>(Map.of("email", email)));
        return event;
    }

    static long erased(APIGatewayV2HTTPResponse response) {
        assertEquals(200, response.getStatusCode(), response.getBody());
        return ((Number) Json.parseObject(response.getBody()).get("erased")).longValue();
    }

    static int remaining(String email) {
        String emailKey = keys.emailKey(org.peersupport.shared.privacy.EmailAddress.of(email));
        return deployment.dynamoDb().scan(r -> r.tableName(deployment.physicalId("SignupsTable"))).items().stream()
                .filter(i -> i.containsKey("emailKey") && emailKey.equals(i.get("emailKey").s())).toList().size();
    }
}
