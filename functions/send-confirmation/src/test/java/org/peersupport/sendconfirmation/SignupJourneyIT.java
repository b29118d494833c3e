package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peersupport.createsignup.CreateSignupHandler;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.MotoOutbox;
import org.peersupport.testkit.PersonalData;
import org.peersupport.withdrawsignup.WithdrawSignupHandler;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole journey through three real handlers configured as template.yaml configures them:
 * a person signs up (create-signup), the table's stream brings the mailer (send-confirmation),
 * one email arrives, and its withdraw link works once (withdraw-signup).
 */
class SignupJourneyIT {
    private final Mailroom room = new Mailroom();

    @Test
    void signup_getsOneEmail_whoseWithdrawLinkWorksOnce() {
        PersonalData.Person person = PersonalData.person();
        CreateSignupHandler create = new CreateSignupHandler(room.deployment.env("CreateSignupFunction"));
        APIGatewayV2HTTPEvent signUp = EventLoader.loadApiGatewayHttpEvent("events/create-signup-json.json");
        signUp.setPathParameters(Map.of("groupId", "family-support-thu-online"));
        signUp.setBody(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("firstName", person.firstName());
            json.writeStringField("email", person.email());
            json.writeStringField("forWhom", "loved_one");
            json.writeStringField("language", "es");
            json.writeBooleanField("consent", true);
            json.writeEndObject();
        }));
        assertEquals(202, create.handleRequest(signUp, null).getStatusCode());

        SendConfirmationHandler mailer = room.handler();
        room.stream(mailer).drain();
        room.stream(mailer).drain(); // nothing new: the mapping has moved past the record

        List<MotoOutbox.Mail> mail = MotoOutbox.to(person.email());
        assertEquals(1, mail.size(), "exactly one email per stored sign-up");
        assertEquals("Example Peer Support: información de su grupo", mail.get(0).subject());
        assertTrue(mail.get(0).text().contains("https://meet.example.org/family-support-thursday"),
                "the private meeting link reaches the registrant");
        String token = Mailroom.withdrawToken(mail.get(0));

        WithdrawSignupHandler withdraw = new WithdrawSignupHandler(room.deployment.env("WithdrawSignupFunction"));
        APIGatewayV2HTTPEvent show = EventLoader.loadApiGatewayHttpEvent("events/withdraw-signup-show.json");
        show.setQueryStringParameters(new HashMap<>(Map.of("token", token)));
        APIGatewayV2HTTPResponse page = withdraw.handleRequest(show, null);
        assertEquals(200, page.getStatusCode());
        assertEquals(1, signupsIn("family-support-thu-online", person), "following the link deletes nothing");

        assertEquals(200, withdraw.handleRequest(post(token), null).getStatusCode());
        assertEquals(0, signupsIn("family-support-thu-online", person), "confirming withdraws the sign-up");
        APIGatewayV2HTTPResponse again = withdraw.handleRequest(post(token), null);
        assertEquals(404, again.getStatusCode(), "a used link is like an unknown one");
        assertFalse(again.getBody().contains(token));
        room.stream(mailer).drain();
        assertEquals(1, MotoOutbox.to(person.email()).size(), "withdrawing sends nothing more");
    }

    private static APIGatewayV2HTTPEvent post(String token) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/withdraw-signup-json.json");
        event.setBody(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("token", token);
            json.writeEndObject();
        }));
        event.setIsBase64Encoded(false);
        return event;
    }

    /** Sign-ups of the group held for this person (their email is in no key, so look at the items). */
    private long signupsIn(String groupId, PersonalData.Person person) {
        return room.deployment.dynamoDb().query(q -> q.tableName(room.deployment.physicalId("SignupsTable"))
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SignupKeys.groupPk(groupId)))))
                .items().stream()
                .filter(item -> item.containsKey("email") && person.email().equals(item.get("email").s()))
                .count();
    }
}
