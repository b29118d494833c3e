package org.peersupport.sendconfirmation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.peersupport.confirmsignup.ConfirmSignupHandler;
import org.peersupport.createsignup.CreateSignupHandler;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.MotoOutbox;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.api.ApiCalls;
import org.peersupport.withdrawsignup.WithdrawSignupHandler;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole journey through four real handlers configured as template.yaml configures them: a
 * person signs up (create-signup), the table's stream brings the mailer (send-confirmation) with
 * a confirm request that says nothing about the group, its link confirms (confirm-signup), the
 * details email follows, and its withdraw link works once (withdraw-signup).
 */
class SignupJourneyIT {
    /** Words that would tell a lock screen or a shared inbox what the sign-up is about. */
    static final List<String> TOPIC_WORDS = List.of("mental", "health", "suicide", "crisis", "depress", "anxiety",
            "bipolar", "recovery", "family", "familia", "group", "grupo", "support", "apoyo", "lifeline", "condition",
            "salud", "crisis", "facilitat");

    private final Mailroom room = new Mailroom();
    private final Env createEnv = room.deployment.env("CreateSignupFunction");
    private final Env confirmEnv = room.deployment.env("ConfirmSignupFunction");
    private final Env withdrawEnv = room.deployment.env("WithdrawSignupFunction");

    @Test
    void signup_getsANeutralConfirmRequest_whoseLinkConfirms_thenTheDetails_whoseWithdrawLinkWorksOnce() {
        PersonalData.Person person = PersonalData.person();
        String group = "family-support-thu-online";
        CreateSignupHandler create = new CreateSignupHandler(createEnv, AwsClients.dynamoDb(createEnv), AwsClients.kms(createEnv), Clock.systemUTC());
        APIGatewayV2HTTPEvent signUp = EventLoader.loadApiGatewayHttpEvent("events/create-signup-json.json");
        signUp.setPathParameters(Map.of("groupId", group));
        signUp.setBody(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("firstName", person.firstName());
            json.writeStringField("email", person.email());
            json.writeStringField("forWhom", "loved_one");
            json.writeStringField("language", "es");
            json.writeBooleanField("consent", true);
            json.writeEndObject();
        }));
        assertEquals(202, ApiCalls.handle(create, signUp, null).getStatusCode());

        SendConfirmationHandler mailer = room.handler();
        room.stream(mailer).drain();
        room.stream(mailer).drain(); // nothing new: the mapping has moved past the record
        List<MotoOutbox.Mail> mail = MotoOutbox.to(person.email());
        assertEquals(1, mail.size(), "one confirm request, nothing else");
        MotoOutbox.Mail request = mail.get(0);
        assertEquals("Example Peer Support: confirme su correo electrónico", request.subject());
        // What a reader sees: the subject, the text part, and the HTML part's text (not its markup's styles).
        String everything = (request.subject() + "\n" + request.text() + "\n" + request.html().replaceAll("<[^>]*>", " "))
                .toLowerCase(Locale.ROOT).replace("example peer support", "");
        for (String word : TOPIC_WORDS) {
            assertFalse(everything.contains(word), "the confirm request says '" + word + "'");
        }
        assertFalse(everything.contains(person.firstName().toLowerCase(Locale.ROOT)), "nothing the person typed");
        assertFalse(request.text().contains("meet.example.org"), "no private detail before the owner confirms");
        assertTrue(request.text().contains("Si no fue usted, ignore este mensaje; no se le enviará nada más."));
        assertTrue(request.text().contains("llame o envíe un mensaje de texto al 988"));
        String token = token(request.text(), "confirm");
        assertEquals(0, signupsIn(group, person, "confirmed"), "not confirmed by a link alone");

        ConfirmSignupHandler confirm = new ConfirmSignupHandler(confirmEnv, AwsClients.dynamoDb(confirmEnv), Clock.systemUTC());
        APIGatewayV2HTTPEvent show = EventLoader.loadApiGatewayHttpEvent("events/confirm-signup-show.json");
        show.setQueryStringParameters(new HashMap<>(Map.of("token", token)));
        APIGatewayV2HTTPResponse page = ApiCalls.handle(confirm, show, null);
        assertEquals(200, page.getStatusCode());
        assertTrue(page.getBody().contains("Family Support Group (online)"), "the page names the group");
        assertTrue(page.getBody().contains("<html lang=\"es\">"), "in the sign-up's language");
        assertEquals(0, signupsIn(group, person, "confirmed"), "following the link changes nothing");
        APIGatewayV2HTTPResponse confirmed = ApiCalls.handle(confirm, post("events/confirm-signup-json.json", token), null);
        assertEquals("{\"status\":\"confirmed\"}", confirmed.getBody());
        assertEquals(1, signupsIn(group, person, "confirmed"));
        APIGatewayV2HTTPResponse again = ApiCalls.handle(confirm, post("events/confirm-signup-json.json", token), null);
        assertEquals(confirmed.getBody(), again.getBody(), "the same token again answers the same");

        room.stream(mailer).drain();
        mail = MotoOutbox.to(person.email());
        assertEquals(2, mail.size(), "the details email, once, however often the token was posted");
        MotoOutbox.Mail details = mail.get(1);
        assertEquals("Example Peer Support: información de su grupo", details.subject());
        assertTrue(details.text().contains("https://meet.example.org/family-support-thursday"),
                "the private meeting link reaches the registrant who confirmed");
        String withdrawToken = token(details.text(), "withdraw");

        WithdrawSignupHandler withdraw = new WithdrawSignupHandler(withdrawEnv, AwsClients.dynamoDb(withdrawEnv), Clock.systemUTC());
        assertEquals(200, ApiCalls.handle(withdraw, post("events/withdraw-signup-json.json", withdrawToken), null).getStatusCode());
        assertEquals(0, signupsIn(group, person, null), "withdrawn");
        APIGatewayV2HTTPResponse used = ApiCalls.handle(withdraw, post("events/withdraw-signup-json.json", withdrawToken), null);
        assertEquals(404, used.getStatusCode(), "a used link is like an unknown one");
        assertEquals(404, ApiCalls.handle(confirm, post("events/confirm-signup-json.json", token), null).getStatusCode(),
                "nor does the confirm link bring it back");
        room.stream(mailer).drain();
        assertEquals(2, MotoOutbox.to(person.email()).size(), "withdrawing sends nothing more");
    }

    /**
     * The places oracle: fill a group with a capacity to one free place, probe an address, then
     * sign up and confirm an address of one's own. Places are given only at the confirm step, so
     * the probe takes none whether or not the address probed holds one: the prober's own
     * sign-up gets the last place either way, and their mailbox sees the same.
     */
    @Test
    void probingACappedGroup_withOnePlaceLeft_showsTheProberTheSame_whetherOrNotTheAddressHasAPlace() {
        SendConfirmationHandler mailer = room.handler();
        CreateSignupHandler create = new CreateSignupHandler(createEnv, AwsClients.dynamoDb(createEnv), AwsClients.kms(createEnv), Clock.systemUTC());
        ConfirmSignupHandler confirm = new ConfirmSignupHandler(confirmEnv, AwsClients.dynamoDb(confirmEnv), Clock.systemUTC());
        Map<Boolean, String> seen = new HashMap<>();
        for (boolean member : new boolean[] {true, false}) {
            String group = "places-oracle-" + member;
            org.peersupport.testkit.SampleData.put(room.deployment, org.peersupport.testkit.SampleData.variant(
                    "connection-tue-downtown", group, Map.of("capacity", 2)));
            PersonalData.Person victim = PersonalData.person();
            PersonalData.Person other = PersonalData.person();
            signUpAndConfirm(create, confirm, mailer, group, member ? victim : other); // one place left
            StringBuilder observed = new StringBuilder();
            observed.append(ApiCalls.handle(create, signUpEvent(group, victim, "203.0.113.7"), null).getBody()).append('\n');
            PersonalData.Person own = PersonalData.person();
            observed.append(signUpAndConfirm(create, confirm, mailer, group, own)).append('\n');
            room.stream(mailer).drain();
            observed.append("emails to the prober's own address: ").append(MotoOutbox.to(own.email()).size());
            seen.put(member, observed.toString());
        }
        assertEquals(seen.get(true), seen.get(false));
        assertTrue(seen.get(false).contains("{\"status\":\"confirmed\"}"), seen.get(false));
    }

    /** Signs a person up, reads their confirm request, posts its token; returns the answer. */
    private String signUpAndConfirm(CreateSignupHandler create, ConfirmSignupHandler confirm, SendConfirmationHandler mailer,
                                    String group, PersonalData.Person person) {
        assertEquals(202, ApiCalls.handle(create, signUpEvent(group, person, "198.51.100." + (person.hashCode() & 127)), null)
                .getStatusCode());
        room.stream(mailer).drain();
        String token = token(MotoOutbox.to(person.email()).get(0).text(), "confirm");
        return ApiCalls.handle(confirm, post("events/confirm-signup-json.json", token), null).getBody();
    }

    private static APIGatewayV2HTTPEvent signUpEvent(String group, PersonalData.Person person, String sourceIp) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/create-signup-json.json");
        event.setPathParameters(Map.of("groupId", group));
        event.getRequestContext().getHttp().setSourceIp(sourceIp);
        event.setBody(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("firstName", person.firstName());
            json.writeStringField("email", person.email());
            json.writeStringField("forWhom", "self");
            json.writeBooleanField("consent", true);
            json.writeEndObject();
        }));
        return event;
    }

    static String token(String text, String link) {
        Matcher m = Pattern.compile("/signups/" + link + "\\?token=([A-Za-z0-9_-]+)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + link + " link in the email");
        }
        return m.group(1);
    }

    private static APIGatewayV2HTTPEvent post(String sample, String token) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent(sample);
        event.setBody(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("token", token);
            json.writeEndObject();
        }));
        event.setIsBase64Encoded(false);
        return event;
    }

    /** The group's sign-ups held for this person in a status (any, for null). */
    private long signupsIn(String groupId, PersonalData.Person person, String status) {
        return room.deployment.dynamoDb().query(q -> q.tableName(room.deployment.physicalId("SignupsTable"))
                        .consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SignupKeys.groupPk(groupId)))))
                .items().stream()
                .filter(item -> item.containsKey("email") && person.email().equals(item.get("email").s()))
                .filter(item -> status == null || status.equals(item.get("status").s()))
                .count();
    }
}
