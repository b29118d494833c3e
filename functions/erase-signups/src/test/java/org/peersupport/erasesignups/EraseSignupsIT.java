package org.peersupport.erasesignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.AuditItem;
import org.peersupport.shared.store.ConfirmedPlaces;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.privacy.EmailAddress;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.MessageQueue;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.DynamoFaults;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.TestClients;
import org.peersupport.testkit.api.ApiCalls;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** The real handler, configured as template.yaml configures it, against moto (KMS HMAC included). */
class EraseSignupsIT {
    static final String GROUP_A = "connection-tue-downtown";
    static final String GROUP_B = "familia-a-familia-miercoles";
    static LocalDeployment deployment;
    static EraseSignupsHandler handler;
    static PersonalKeys keys;
    static DynamoDbTable<SignupItem> signups;
    static DynamoDbTable<MessageItem> messages;

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        Env env = deployment.env("EraseSignupsFunction");
        handler = new EraseSignupsHandler(env, AwsClients.dynamoDb(env), AwsClients.kms(env), Clock.systemUTC());
        keys = new PersonalKeys(PersonalKeys.kms(deployment.kms(), deployment.physicalId("EmailHashKey")));
        signups = deployment.enhanced().table(deployment.physicalId("SignupsTable"), SignupItem.SCHEMA);
        messages = deployment.enhanced().table(deployment.physicalId("SignupsTable"), MessageItem.SCHEMA);
    }

    static SignupItem signup(String groupId, String email, String firstName, String status, boolean pendingEmail) {
        String emailKey = keys.emailKey(EmailAddress.of(email));
        SignupItem item = SignupItem.builder().pk(SignupKeys.groupPk(groupId)).sk(SignupKeys.signupSk(emailKey))
                .signupId(UUID.randomUUID().toString()).groupId(groupId).emailKey(emailKey)
                .createdAt(Instant.now().toString()).expiresAt(Instant.now().getEpochSecond() + 86_400)
                .firstName(firstName).email(EmailAddress.of(email).value()).forWhom("self").language("en").status(status)
                .emailStatus(pendingEmail ? "pending" : "sent").messageCount(1).build();
        signups.putItem(item);
        // Its email, queued (pending) or sent: a message of its own, which erasure deletes with it.
        MessageItem message = MessageQueue.message(groupId, emailKey, item.signupId(), 0, MessageKind.DETAILS, "confirmed",
                Instant.now(), item.expiresAt());
        messages.putItem(pendingEmail ? message : message.toBuilder().emailStatus("sent").emailPending(null)
                .withdrawTokenHash(UUID.randomUUID().toString()).build());
        return item;
    }

    /** Sets a group's confirmed places, all held by sign-ups expiring on the day test sign-ups do. */
    static void setCount(String groupId, int confirmed) {
        String day = ConfirmedPlaces.day(Instant.now().getEpochSecond() + 86_400).toString();
        deployment.dynamoDb().putItem(r -> r.tableName(deployment.physicalId("SignupsTable")).item(Map.of(
                "pk", AttributeValue.fromS(SignupKeys.groupPk(groupId)), "sk", AttributeValue.fromS(SignupKeys.COUNT_SK),
                ConfirmedPlaces.VERSION, AttributeValue.fromN("1"),
                ConfirmedPlaces.BY_EXPIRY_DAY, AttributeValue.fromM(Map.of(day, AttributeValue.fromN(Integer.toString(confirmed)))))));
    }

    static long count(String groupId) {
        return ConfirmedPlaces.read(deployment.dynamoDb(), deployment.physicalId("SignupsTable"), groupId)
                .held(LocalDate.now(ZoneOffset.UTC));
    }

    static void counter(String pk, String window) {
        deployment.dynamoDb().putItem(r -> r.tableName(deployment.physicalId("RateLimitsTable")).item(Map.of(
                "pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(window), "count", AttributeValue.fromN("1"),
                "expiresAt", AttributeValue.fromN(Long.toString(Instant.now().getEpochSecond() + 86_400)))));
    }

    static int counters(String pk) {
        return deployment.dynamoDb().query(q -> q.tableName(deployment.physicalId("RateLimitsTable"))
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk))))
                .count();
    }

    static APIGatewayV2HTTPResponse erase(String email) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/erase-signups.json");
        event.setQueryStringParameters(new HashMap<>(Map.of("email", email)));
        return ApiCalls.handle(handler, event, null);
    }

    static List<Map<String, AttributeValue>> auditItems() {
        return deployment.dynamoDb().query(q -> q.tableName(deployment.physicalId("AuditTable"))
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(AuditItem.PK))))
                .items();
    }

    @Test
    void erase_removesEverySignupAndCounter_forThatAddressOnly_andIsIdempotent() {
        PersonalData.Person person = PersonalData.person();
        PersonalData.Person neighbour = PersonalData.person();
        SignupItem inA = signup(GROUP_A, person.email(), person.firstName(), "confirmed", false);
        SignupItem inB = signup(GROUP_B, person.email(), person.firstName(), "waitlisted", true);
        SignupItem other = signup(GROUP_A, neighbour.email(), neighbour.firstName(), "confirmed", true);
        setCount(GROUP_A, 2);
        setCount(GROUP_B, 5);
        String emailKey = keys.emailKey(EmailAddress.of(person.email()));
        counter("EMAIL#" + emailKey, "2026-11-25");
        counter("EMAIL#" + emailKey, "2026-11-24");
        counter("EMAIL#" + keys.emailKey(EmailAddress.of(neighbour.email())), "2026-11-25");
        counter("IP#" + keys.ipKey("203.0.113.9"), "2026-11-25T20");
        int auditBefore = auditItems().size();

        // written differently from how it was signed up: the same address
        APIGatewayV2HTTPResponse response = erase("  " + person.email().toUpperCase(java.util.Locale.ROOT) + " ");

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(Map.of("erased", 2L), Json.parseObject(response.getBody()));
        assertEquals("no-store", response.getHeaders().get("Cache-Control"));
        assertNull(signups.getItem(Key.builder().partitionValue(inA.pk()).sortValue(inA.sk()).build()));
        assertNull(signups.getItem(Key.builder().partitionValue(inB.pk()).sortValue(inB.sk()).build()));
        assertNotNull(signups.getItem(Key.builder().partitionValue(other.pk()).sortValue(other.sk()).build()));
        assertEquals(1, count(GROUP_A), "the confirmed place is given back");
        assertEquals(5, count(GROUP_B), "a waitlisted sign-up held no place");
        assertEquals(0, counters("EMAIL#" + emailKey));
        assertEquals(1, counters("EMAIL#" + keys.emailKey(EmailAddress.of(neighbour.email()))));
        assertEquals(1, counters("IP#" + keys.ipKey("203.0.113.9")));
        assertEquals(0, deployment.dynamoDb().query(q -> q.tableName(deployment.physicalId("SignupsTable"))
                .indexName(SignupKeys.PENDING_EMAIL).keyConditionExpression("emailPending = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(SignupKeys.PENDING)))).items().stream()
                .filter(k -> k.get("sk").s().equals(inB.sk())).count(), "no pending email left for the erased address");

        List<Map<String, AttributeValue>> audit = auditItems();
        assertEquals(auditBefore + 1, audit.size());
        String record = audit.toString();
        assertFalse(record.contains(person.email()) || record.contains(person.email().toUpperCase(java.util.Locale.ROOT)));
        assertFalse(record.contains(emailKey), "the audit record holds no key of the address");
        assertFalse(record.contains(person.firstName()));
        AuditItem last = AuditItem.SCHEMA.mapToItem(audit.get(audit.size() - 1));
        assertEquals("erase_signups", last.action());
        assertEquals(2, last.rowCount());
        assertEquals("robin", last.principal());

        APIGatewayV2HTTPResponse again = erase(person.email());
        assertEquals(Map.of("erased", 0L), Json.parseObject(again.getBody()));
        assertEquals(1, count(GROUP_A));
    }

    /**
     * The index is eventually consistent (and a group's sign-up made a moment ago may not be in it
     * yet), so every group is read for the address directly, archived ones included: here the
     * index answers nothing at all, and the erasure still finds both. Any way of writing the
     * address finds them, and the erasure's log names neither group.
     */
    @Test
    void erase_readsEveryGroupConsistently_archivedIncluded_notOnlyTheIndex_andLogsNoGroup() {
        SampleData.load().writeTo(deployment); // the sample groups, one of them archived
        String archived = "connection-sun-northside";
        PersonalData.Person person = PersonalData.person();
        signup(GROUP_A, person.email(), person.firstName(), "confirmed", false);
        signup(archived, person.email(), person.firstName(), "waitlisted", true);
        software.amazon.awssdk.core.interceptor.ExecutionInterceptor staleIndex =
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public software.amazon.awssdk.core.SdkResponse modifyResponse(
                            software.amazon.awssdk.core.interceptor.Context.ModifyResponse context,
                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
                        if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.QueryRequest q
                                && SignupKeys.BY_EMAIL_KEY.equals(q.indexName())) {
                            return software.amazon.awssdk.services.dynamodb.model.QueryResponse.builder()
                                    .items(List.of()).count(0).build();
                        }
                        return context.response();
                    }
                };
        var env = deployment.env("EraseSignupsFunction");
        EraseSignupsHandler stale = new EraseSignupsHandler(env, TestClients.dynamoDb(env, staleIndex),
                AwsClients.kms(env), Clock.systemUTC());
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/erase-signups.json");
        String shouted = "  " + person.email().toUpperCase(java.util.Locale.ROOT).replace("@EXAMPLE.ORG", "@\uFF25XAMPLE.ORG");
        PersonalData.submitted(shouted.strip());
        event.setQueryStringParameters(new HashMap<>(Map.of("email", shouted)));
        var run = org.peersupport.testkit.Echoes.capture(() -> ApiCalls.handle(stale, event, null));
        assertEquals(Map.of("erased", 2L), Json.parseObject(run.result().getBody()));
        for (String group : List.of(GROUP_A, archived)) {
            assertFalse(run.output().contains(group), "the erasure's log names a group: " + run.output());
            assertEquals(0, deployment.dynamoDb().query(q -> q.tableName(deployment.physicalId("SignupsTable"))
                    .consistentRead(true).keyConditionExpression("pk = :pk AND begins_with(sk, :m)")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(SignupKeys.groupPk(group)),
                            ":m", AttributeValue.fromS(SignupKeys.messageSkPrefix(keys.emailKey(EmailAddress.of(person.email())))))))
                    .count(), "its messages went too");
        }
        assertEquals(Map.of("erased", 0L), Json.parseObject(erase(person.email()).getBody()));
    }

    @Test
    void erase_ofAnUnknownAddress_isZero() {
        assertEquals(Map.of("erased", 0L), Json.parseObject(erase(PersonalData.person().email()).getBody()));
    }

    /** Erasing someone with a place in a full group gives it to the first person waiting, as withdrawing does. */
    @Test
    void erase_ofAConfirmedSignupInAFullGroup_givesThePlaceToTheFirstWaitlisted() {
        String groupId = "erase-full-" + UUID.randomUUID().toString().substring(0, 8);
        SampleData.put(deployment, SampleData.variant("connection-tue-downtown", groupId, Map.of("capacity", 1)));
        PersonalData.Person leaving = PersonalData.person();
        PersonalData.Person first = PersonalData.person();
        PersonalData.Person second = PersonalData.person();
        signup(groupId, leaving.email(), leaving.firstName(), "confirmed", false);
        SignupItem waitingFirst = signup(groupId, first.email(), first.firstName(), "waitlisted", false);
        SignupItem waitingSecond = signup(groupId, second.email(), second.firstName(), "waitlisted", false);
        setCount(groupId, 1);

        assertEquals(Map.of("erased", 1L), Json.parseObject(erase(leaving.email()).getBody()));

        SignupItem promoted = signups.getItem(Key.builder().partitionValue(waitingFirst.pk()).sortValue(waitingFirst.sk()).build());
        assertEquals("confirmed", promoted.status());
        assertEquals("pending", promoted.emailStatus(), "the promoted person is emailed that they have a place");
        assertEquals("place_opened", messages.query(r -> r.queryConditional(
                software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional.sortBeginsWith(Key.builder()
                        .partitionValue(promoted.pk()).sortValue(SignupKeys.messageSkPrefix(promoted.emailKey())).build())))
                .items().stream().reduce((a, b) -> b).orElseThrow().cause(), "their details email is queued");
        assertEquals("waitlisted", signups.getItem(Key.builder().partitionValue(waitingSecond.pk())
                .sortValue(waitingSecond.sk()).build()).status());
        assertEquals(1, count(groupId), "the place moved; none was lost or added");
    }

    @Test
    void whenTheAuditRecordCannotBeWritten_nothingIsErased() {
        PersonalData.Person person = PersonalData.person();
        SignupItem item = signup(GROUP_A, person.email(), person.firstName(), "waitlisted", false);
        Env env = deployment.env("EraseSignupsFunction");
        DynamoFaults auditWrites = new DynamoFaults().fail(PutItemRequest.class, DynamoFaults.Kind.INTERNAL_ERROR,
                Integer.MAX_VALUE);
        EraseSignupsHandler auditDown = new EraseSignupsHandler(env, TestClients.dynamoDb(env, auditWrites),
                AwsClients.kms(env), Clock.systemUTC());
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/erase-signups.json");
        event.setQueryStringParameters(new HashMap<>(Map.of("email", person.email())));
        assertEquals(503, ApiCalls.handle(auditDown, event, null).getStatusCode());
        assertNotNull(signups.getItem(Key.builder().partitionValue(item.pk()).sortValue(item.sk()).build()));
    }

    @Test
    void unsigned_is403_andErasesNothing() {
        PersonalData.Person person = PersonalData.person();
        SignupItem item = signup(GROUP_B, person.email(), person.firstName(), "confirmed", false);
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/erase-signups-unsigned.json");
        event.setQueryStringParameters(new HashMap<>(Map.of("email", person.email())));
        assertEquals(403, ApiCalls.handle(handler, event, null).getStatusCode());
        assertNotNull(signups.getItem(Key.builder().partitionValue(item.pk()).sortValue(item.sk()).build()));
    }
}
