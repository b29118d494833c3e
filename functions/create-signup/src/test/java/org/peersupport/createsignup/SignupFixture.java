package org.peersupport.createsignup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.ConfirmedPlaces;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.MovableClock;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Sign-up events as API Gateway sends them, and what the tables hold afterwards. */
final class SignupFixture {
    private static final AtomicInteger IPS = new AtomicInteger();

    final LocalDeployment deployment;
    final Env env;
    final DynamoDbClient dynamoDb;
    final CreateSignupHandler handler;

    SignupFixture(LocalDeployment deployment) {
        this.deployment = deployment;
        this.env = deployment.env("CreateSignupFunction");
        this.dynamoDb = deployment.dynamoDb();
        this.handler = new CreateSignupHandler(env, AwsClients.dynamoDb(env), AwsClients.kms(env), Clock.systemUTC());
    }

    /** A handler over the same stack whose clock the test moves. */
    CreateSignupHandler handlerAt(AtomicReference<Instant> now) {
        return new CreateSignupHandler(env, AwsClients.dynamoDb(env), AwsClients.kms(env), new MovableClock(now));
    }

    /** A source address no other submission in this JVM used, so per-IP limits stay out of the way. */
    static String freshIp() {
        int n = IPS.incrementAndGet();
        return "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    }

    /** The fields a valid sign-up sends for a person (JSON types). */
    static Map<String, Object> fields(PersonalData.Person person) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("firstName", person.firstName());
        fields.put("email", person.email());
        fields.put("phone", person.phone());
        fields.put("forWhom", "self");
        fields.put("consent", true);
        return fields;
    }

    static APIGatewayV2HTTPEvent json(String groupId, Map<String, Object> fields, String sourceIp) {
        APIGatewayV2HTTPEvent event = at(EventLoader.loadApiGatewayHttpEvent("events/create-signup-json.json"), groupId,
                sourceIp);
        event.setBody(Json.write(json -> {
            json.writeStartObject();
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                Object value = field.getValue();
                if (value instanceof Boolean b) {
                    json.writeBooleanField(field.getKey(), b);
                } else if (value instanceof Number n) {
                    json.writeNumberField(field.getKey(), n.longValue());
                } else if (value == null) {
                    json.writeNullField(field.getKey());
                } else {
                    json.writeStringField(field.getKey(), value.toString());
                }
            }
            json.writeEndObject();
        }));
        event.setIsBase64Encoded(false);
        return event;
    }

    /** A plain HTML form post: values as a browser sends them, optionally base64-encoded as API Gateway may. */
    static APIGatewayV2HTTPEvent form(String groupId, Map<String, Object> fields, String sourceIp, boolean base64) {
        APIGatewayV2HTTPEvent event = at(EventLoader.loadApiGatewayHttpEvent(
                base64 ? "events/create-signup-form-base64.json" : "events/create-signup-form.json"), groupId, sourceIp);
        List<String> pairs = new ArrayList<>();
        fields.forEach((name, value) -> {
            String text = Boolean.TRUE.equals(value) ? "on" : String.valueOf(value);
            pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8));
        });
        String body = String.join("&", pairs);
        event.setBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        event.setIsBase64Encoded(base64);
        return event;
    }

    static APIGatewayV2HTTPEvent at(APIGatewayV2HTTPEvent event, String groupId, String sourceIp) {
        event.setPathParameters(new HashMap<>(Map.of("groupId", groupId)));
        event.setRawPath("/groups/" + groupId + "/signups");
        event.getRequestContext().getHttp().setSourceIp(sourceIp);
        event.setHeaders(new HashMap<>(event.getHeaders()));
        return event;
    }

    APIGatewayV2HTTPResponse submit(APIGatewayV2HTTPEvent event) {
        return ApiCalls.handle(handler, event, null);
    }

    /** Status, headers and body: two answers with the same fingerprint are byte-identical. */
    static String fingerprint(APIGatewayV2HTTPResponse response) {
        return response.getStatusCode() + "\n" + new TreeMap<>(response.getHeaders()) + "\n" + response.getIsBase64Encoded()
                + "\n" + response.getBody();
    }

    static void assertReceived(APIGatewayV2HTTPResponse response) {
        assertEquals(202, response.getStatusCode(), response.getBody());
        assertEquals(CreateSignupHandler.RECEIVED, response.getBody());
    }

    /** Every sign-up item of a group (the COUNT item left out), straight from the table. */
    List<Map<String, AttributeValue>> signups(String groupId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.queryPaginator(r -> r.tableName(deployment.physicalId("SignupsTable")).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :s)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SignupKeys.groupPk(groupId)),
                        ":s", AttributeValue.fromS(SignupKeys.signupSkPrefix()))))
                .items().forEach(items::add);
        return items;
    }

    /** The messages queued for a sign-up, oldest first. */
    List<MessageItem> messages(String groupId, SignupItem signup) {
        List<MessageItem> items = new ArrayList<>();
        dynamoDb.queryPaginator(r -> r.tableName(deployment.physicalId("SignupsTable")).consistentRead(true)
                .keyConditionExpression("pk = :pk AND begins_with(sk, :s)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SignupKeys.groupPk(groupId)),
                        ":s", AttributeValue.fromS(SignupKeys.messageSkPrefix(signup.emailKey()) + signup.signupId()))))
                .items().forEach(i -> items.add(MessageItem.SCHEMA.mapToItem(i)));
        return items;
    }

    /** The group's sign-up for an address (as stored: canonical), or null. */
    SignupItem signup(String groupId, String email) {
        for (Map<String, AttributeValue> item : signups(groupId)) {
            SignupItem signup = SignupItem.SCHEMA.mapToItem(item);
            if (email.equals(signup.email())) {
                return signup;
            }
        }
        return null;
    }

    ConfirmedPlaces places(String groupId) {
        return ConfirmedPlaces.read(dynamoDb, deployment.physicalId("SignupsTable"), groupId);
    }

    long placesHeld(String groupId, Instant now) {
        return places(groupId).held(java.time.LocalDate.ofInstant(now, ZoneOffset.UTC));
    }

    List<Map<String, AttributeValue>> scan(String logicalId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(r -> r.tableName(deployment.physicalId(logicalId))).items().forEach(items::add);
        return items;
    }
}
