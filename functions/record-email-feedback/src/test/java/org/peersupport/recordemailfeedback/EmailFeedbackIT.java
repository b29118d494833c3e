package org.peersupport.recordemailfeedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.peersupport.confirmsignup.ConfirmSignupHandler;
import org.peersupport.createsignup.CreateSignupHandler;
import org.peersupport.exportsignups.ExportSignupsHandler;
import org.peersupport.sendconfirmation.SendConfirmationHandler;
import org.peersupport.sendconfirmation.SesEmailSender;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.MessageQueue;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.LocalContext;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.MotoOutbox;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StaffClaims;
import org.peersupport.testkit.StreamEventSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * SES's own notifications (the documented event records, as SNS hands them to Lambda) played to
 * the real handler after real sign-ups: create-signup, confirm-signup and the mailer as
 * template.yaml configures them, the export as staff see it.
 */
class EmailFeedbackIT {
    private final LocalDeployment deployment = LocalDeployment.create();
    private final SendConfirmationHandler mailer;
    private final RecordEmailFeedbackHandler feedback;

    EmailFeedbackIT() {
        SampleData.load().writeTo(deployment);
        Env mailerEnv = deployment.env("SendConfirmationFunction");
        mailer = new SendConfirmationHandler(mailerEnv, AwsClients.dynamoDb(mailerEnv),
                SesEmailSender.client(mailerEnv, AwsClients.http()), Clock.systemUTC());
        Env env = deployment.env("RecordEmailFeedbackFunction");
        feedback = new RecordEmailFeedbackHandler(env, AwsClients.dynamoDb(env), AwsClients.kms(env), Clock.systemUTC());
    }

    @Test
    void hardBounce_marksEveryLiveSignupOfTheAddress_stopsEveryLaterMessage_andShowsInTheExport() {
        PersonalData.Person person = PersonalData.person();
        signUpAndConfirm("connection-tue-downtown", person);
        signUpAndConfirm("conexion-sabado-hibrido", person);
        PersonalData.Person neighbour = PersonalData.person();
        signUpAndConfirm("connection-tue-downtown", neighbour);
        int before = MotoOutbox.to(person.email()).size();

        // SES gives the address as the recipient's mail system wrote it: any case, the same mailbox.
        publish("events/ses-bounce-sns.json", person.email().toUpperCase(java.util.Locale.ROOT));

        assertEquals("undeliverable", exportedEmailStatus("connection-tue-downtown", person));
        assertEquals("undeliverable", exportedEmailStatus("conexion-sabado-hibrido", person));
        assertEquals("sent", exportedEmailStatus("connection-tue-downtown", neighbour), "only that address");

        // A later message (a change notice, as queue-notices would queue it) is cancelled, not sent.
        for (String group : List.of("connection-tue-downtown", "conexion-sabado-hibrido")) {
            SignupItem signup = signupOf(group, person);
            assertTrue(signup.bouncedAt() != null);
            MessageItem notice = MessageQueue.eventMessage(group, signup.emailKey(), signup.signupId(), "C-later",
                    MessageKind.CHANGE_NOTICE, "later", Instant.now(), signup.expiresAt());
            deployment.enhanced().table(deployment.physicalId("SignupsTable"), MessageItem.SCHEMA).putItem(notice);
        }
        drain();
        assertEquals(before, MotoOutbox.to(person.email()).size(), "nothing more to a bouncing address");

        publish("events/ses-bounce-sns.json", person.email()); // SES may tell again: nothing changes
        assertEquals("undeliverable", exportedEmailStatus("connection-tue-downtown", person));
    }

    @Test
    void complaint_withdrawsTheAddressesSignups_andTheirPlacesGoToThePeopleWaiting() {
        SampleData.put(deployment, SampleData.variant("connection-tue-downtown", "feedback-full", Map.of("capacity", 1)));
        PersonalData.Person complaining = PersonalData.person();
        PersonalData.Person waiting = PersonalData.person();
        assertEquals("{\"status\":\"confirmed\"}", signUpAndConfirm("feedback-full", complaining));
        assertEquals("{\"status\":\"waitlisted\"}", signUpAndConfirm("feedback-full", waiting));
        int before = MotoOutbox.to(complaining.email()).size();

        publish("events/ses-complaint-sns.json", complaining.email());
        drain();

        assertNull(signupOf("feedback-full", complaining), "withdrawn");
        assertEquals("confirmed", signupOf("feedback-full", waiting).status(), "the place went to the person waiting");
        List<MotoOutbox.Mail> mail = MotoOutbox.to(waiting.email());
        assertEquals("Example Peer Support: a place has opened for you", mail.get(mail.size() - 1).subject());
        assertEquals(before, MotoOutbox.to(complaining.email()).size(), "nothing more to whoever complained");
    }

    @Test
    void softBounces_notSpamAndUnknownAddresses_changeNothing() {
        PersonalData.Person person = PersonalData.person();
        signUpAndConfirm("connection-tue-downtown", person);
        publish("events/ses-bounce-sns.json", person.email(), "\\\"bounceType\\\":\\\"Permanent\\\"",
                "\\\"bounceType\\\":\\\"Transient\\\"");
        publish("events/ses-complaint-sns.json", person.email(), "\\\"complaintFeedbackType\\\":\\\"abuse\\\"",
                "\\\"complaintFeedbackType\\\":\\\"not-spam\\\"");
        publish("events/ses-bounce-sns.json", "nobody-signed-up@example.net");
        assertEquals("sent", exportedEmailStatus("connection-tue-downtown", person));
    }

    /** The sample SNS event with the SES record's address replaced (and any other text swapped), to the handler. */
    private void publish(String sample, String address, String... swaps) {
        String event;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(sample)) {
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        event = event.replace("recipient@example.com", address);
        for (int i = 0; i + 1 < swaps.length; i += 2) {
            assertTrue(event.contains(swaps[i]), swaps[i]);
            event = event.replace(swaps[i], swaps[i + 1]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            feedback.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    LocalContext.forFunction(deployment, "RecordEmailFeedbackFunction"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() {
        StreamEventSource.fromTemplate(deployment, "SendConfirmationFunction", null, mailer).drain();
    }

    private String signUpAndConfirm(String group, PersonalData.Person person) {
        Env createEnv = deployment.env("CreateSignupFunction");
        CreateSignupHandler create = new CreateSignupHandler(createEnv, AwsClients.dynamoDb(createEnv),
                AwsClients.kms(createEnv), Clock.systemUTC());
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/create-signup-json.json");
        event.setPathParameters(Map.of("groupId", group));
        event.getRequestContext().getHttp().setSourceIp("198.51.100." + (person.hashCode() & 127));
        event.setBody(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("firstName", person.firstName());
            json.writeStringField("email", person.email());
            json.writeStringField("forWhom", "self");
            json.writeBooleanField("consent", true);
            json.writeEndObject();
        }));
        assertEquals(202, create.handleRequest(event, null).getStatusCode());
        drain();
        List<MotoOutbox.Mail> mail = MotoOutbox.to(person.email());
        Matcher m = Pattern.compile("/signups/confirm\\?token=([A-Za-z0-9_-]+)").matcher(mail.get(mail.size() - 1).text());
        assertTrue(m.find(), "a confirm request");
        String token = m.group(1);
        APIGatewayV2HTTPEvent post = EventLoader.loadApiGatewayHttpEvent("events/confirm-signup-json.json");
        post.setBody(Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("token", token);
            json.writeEndObject();
        }));
        post.setIsBase64Encoded(false);
        Env confirmEnv = deployment.env("ConfirmSignupFunction");
        String answer = new ConfirmSignupHandler(confirmEnv, AwsClients.dynamoDb(confirmEnv), Clock.systemUTC())
                .handleRequest(post, null).getBody();
        drain();
        return answer;
    }

    /** The person's sign-up in the group as stored, or null. */
    private SignupItem signupOf(String group, PersonalData.Person person) {
        return deployment.dynamoDb().query(q -> q.tableName(deployment.physicalId("SignupsTable")).consistentRead(true)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SignupKeys.groupPk(group)))))
                .items().stream()
                .filter(item -> item.containsKey("email") && person.email().equals(item.get("email").s()))
                .map(item -> SignupItem.SCHEMA.mapToItem(item)).findFirst().orElse(null);
    }

    /** The person's row's emailStatus in the staff export of the group (JSON). */
    @SuppressWarnings("unchecked")
    private String exportedEmailStatus(String group, PersonalData.Person person) {
        APIGatewayV2HTTPEvent event = StaffClaims.admin(EventLoader.loadApiGatewayHttpEvent("events/export-signups.json"),
                "robin");
        event.setQueryStringParameters(new HashMap<>(Map.of("groupId", group, "format", "json")));
        event.setRawQueryString("groupId=" + group + "&format=json");
        APIGatewayV2HTTPResponse response = new ExportSignupsHandler(deployment.env("ExportSignupsFunction"),
                AwsClients.dynamoDb(deployment.env("ExportSignupsFunction")), Clock.systemUTC())
                .handleRequest(event, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        List<Map<String, Object>> rows = (List<Map<String, Object>>) Json.parseObject(response.getBody()).get("signups");
        Map<String, Object> row = rows.stream().filter(r -> person.email().equals(r.get("email"))).findFirst().orElseThrow();
        assertFalse(row.isEmpty());
        return (String) row.get("emailStatus");
    }
}
