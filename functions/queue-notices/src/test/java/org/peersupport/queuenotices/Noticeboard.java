package org.peersupport.queuenotices;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.peersupport.managegroups.ManageGroupsHandler;
import org.peersupport.sendconfirmation.SendConfirmationHandler;
import org.peersupport.sendconfirmation.SesEmailSender;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.privacy.PersonalKeys;
import org.peersupport.shared.store.ConfirmedPlaces;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.MessageQueue;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.LocalContext;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.MotoOutbox;
import org.peersupport.testkit.MovableClock;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StaffClaims;
import org.peersupport.testkit.StreamEventSource;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * One deployment of the stack on moto with the sample groups, a clock the test moves, and the
 * real handlers as template.yaml configures them: staff change groups (manage-groups), the
 * GroupChanges stream brings the notice function, its schedule plays any moment, and the mailer
 * (send-confirmation) sends what is queued, from its stream and its sweep.
 */
final class Noticeboard {
    static final String FUNCTION = "QueueNoticesFunction";
    static final String MAILER = "SendConfirmationFunction";

    final LocalDeployment deployment = LocalDeployment.create();
    final MovableClock clock;
    final DynamoDbTable<SignupItem> signups;
    final DynamoDbTable<MessageItem> messages;
    final String table;
    final QueueNoticesHandler notices;
    final ManageGroupsHandler staff;
    final StreamEventSource changeStream;

    Noticeboard(Instant start) {
        SampleData.load().writeTo(deployment);
        clock = new MovableClock(start);
        table = deployment.physicalId("SignupsTable");
        signups = deployment.enhanced().table(table, SignupItem.SCHEMA);
        messages = deployment.enhanced().table(table, MessageItem.SCHEMA);
        notices = notices(deployment.dynamoDb());
        staff = new ManageGroupsHandler(deployment.env("ManageGroupsFunction"), deployment.dynamoDb(), clock);
        changeStream = StreamEventSource.fromTemplate(deployment, FUNCTION, null, notices);
    }

    QueueNoticesHandler notices(DynamoDbClient dynamoDb) {
        return new QueueNoticesHandler(deployment.env(FUNCTION), dynamoDb, clock);
    }

    /** The mailer, a few minutes ahead of the test's clock so its sweep sends what was just queued. */
    SendConfirmationHandler mailer(ExecutionInterceptor... ses) {
        Env env = deployment.env(MAILER);
        return new SendConfirmationHandler(env, AwsClients.dynamoDb(env), SesEmailSender.client(env, AwsClients.http(), ses),
                Clock.offset(clock, Duration.ofMinutes(5)));
    }

    /** A confirmed or waitlisted sign-up of a new fictional person, given its place at {@code placedAt}. */
    Registrant register(String groupId, String status, Instant placedAt, String language) {
        PersonalData.Person person = PersonalData.person();
        String emailKey = PersonalKeys.tokenHash("email:" + person.email());
        String token = PersonalKeys.newToken();
        long expiresAt = placedAt.plus(Duration.ofDays(180)).getEpochSecond();
        SignupItem item = SignupItem.builder().pk(SignupKeys.groupPk(groupId)).sk(SignupKeys.signupSk(emailKey))
                .signupId(UUID.randomUUID().toString()).groupId(groupId).emailKey(emailKey)
                .createdAt(SignupItem.timestamp(placedAt.minusSeconds(600))).expiresAt(expiresAt)
                .firstName(person.firstName()).email(person.email()).phone(person.phone()).forWhom("self")
                .language(language).status(status).confirmedAt(SignupItem.timestamp(placedAt))
                .emailStatus("sent").messageCount(2).build();
        // Its details email, already sent, carrying its withdraw link.
        MessageItem details = MessageQueue.message(groupId, emailKey, item.signupId(), 1, MessageKind.DETAILS,
                        "confirmed", placedAt, expiresAt).toBuilder().emailStatus("sent").emailPending(null)
                .emailAttempts(1).emailMessageId("ses-" + UUID.randomUUID()).withdrawTokenHash(PersonalKeys.tokenHash(token))
                .build();
        DynamoDbClient dynamoDb = deployment.dynamoDb();
        ConfirmedPlaces places = ConfirmedPlaces.read(dynamoDb, table, groupId);
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<TransactWriteItem> items = List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table).item(SignupItem.SCHEMA.itemToMap(item, true))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(table).item(MessageItem.SCHEMA.itemToMap(details, true))).build(),
                "confirmed".equals(status) ? places.claim(expiresAt, today) : places.keep(today));
        dynamoDb.transactWriteItems(r -> r.transactItems(items));
        return new Registrant(item, person, token);
    }

    record Registrant(SignupItem item, PersonalData.Person person, String withdrawToken) {
        List<MotoOutbox.Mail> mail() {
            return MotoOutbox.to(person.email());
        }
    }

    SignupItem reload(Registrant who) {
        return signups.getItem(r -> r.key(Key.builder().partitionValue(who.item().pk()).sortValue(who.item().sk()).build())
                .consistentRead(true));
    }

    /** The scheduled run at {@code time}, as EventBridge delivers it; returns what it answered. */
    Map<String, Object> schedule(Instant time) {
        String sample;
        try (java.io.InputStream in = Noticeboard.class.getClassLoader().getResourceAsStream("events/queue-notices-schedule.json")) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return invoke(notices, sample.replace("2027-02-02T01:30:00Z", time.toString()));
    }

    Map<String, Object> invoke(QueueNoticesHandler handler, String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    LocalContext.forFunction(deployment, FUNCTION));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    private long mailerOnFailure;

    /** What Lambda would do next: the changes' stream to the notice function, then the mailer's stream and its sweep. */
    void deliver(SendConfirmationHandler mailer) {
        changeStream.drain();
        StreamEventSource mailerStream = StreamEventSource.fromTemplate(deployment, MAILER, null, mailer);
        mailerStream.drain();
        mailerOnFailure += mailerStream.stats().onFailureMessages();
        sweep(mailer);
    }

    /** Batches the mailer's stream gave up on so far (described on its on-failure queue). */
    long mailerStreamOnFailureMessages() {
        return mailerOnFailure;
    }

    void deliver() {
        deliver(mailer());
    }

    void sweep(SendConfirmationHandler mailer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String event = """
                {"version": "0", "id": "%s", "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "123456789012", "time": "%s", "region": "us-east-1", "resources": [], "detail": {}}
                """.formatted(UUID.randomUUID(), clock.instant());
        try {
            mailer.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    LocalContext.forFunction(deployment, MAILER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A staff call as an admin; returns its status code. */
    int staffCall(String sample, Map<String, String> path, String body) {
        APIGatewayV2HTTPEvent event = StaffClaims.admin(EventLoader.loadApiGatewayHttpEvent("events/" + sample), "robin");
        event.setPathParameters(new HashMap<>(path));
        event.setBody(body);
        APIGatewayV2HTTPResponse response = staff.handleRequest(event, null);
        return response.getStatusCode();
    }

    /** A group from the sample PUT body with {@code changes} applied; created or replaced. */
    int putGroup(String groupId, Map<String, Object> changes) {
        Map<String, Object> body = new HashMap<>(Json.parseObject(
                EventLoader.loadApiGatewayHttpEvent("events/put-group.json").getBody()));
        body.putAll(changes);
        body.values().removeIf(java.util.Objects::isNull);
        return staffCall("put-group.json", Map.of("groupId", groupId), Json.write(out -> Json.writeValue(out, body)));
    }

    static Map<String, Object> schedule(String rrule, String startDate, String startTime, int minutes, List<String> exdates) {
        Map<String, Object> schedule = new HashMap<>();
        schedule.put("timezone", "America/Denver");
        schedule.put("rrule", rrule);
        schedule.put("startDate", startDate);
        schedule.put("startTime", startTime);
        schedule.put("durationMinutes", minutes);
        schedule.put("exdates", new ArrayList<>(exdates));
        return schedule;
    }

    static void assertOneMail(Registrant who, String subject) {
        List<MotoOutbox.Mail> mail = who.mail();
        assertEquals(1, mail.size(), "one email: " + mail.stream().map(MotoOutbox.Mail::subject).toList());
        assertEquals(subject, mail.get(0).subject());
    }
}
