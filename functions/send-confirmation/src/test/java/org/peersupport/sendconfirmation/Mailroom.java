package org.peersupport.sendconfirmation;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.model.EmailStatus;
import org.peersupport.shared.model.MessageKind;
import org.peersupport.shared.model.SignupStatus;
import org.peersupport.shared.store.MessageItem;
import org.peersupport.shared.store.MessageQueue;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import org.peersupport.testkit.LocalContext;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.MotoOutbox;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StreamEventSource;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;

/**
 * One deployment of the stack on moto with the sample groups, and what the mailer's tests do with
 * it: store sign-ups as create-signup would, run the real handler from its stream (through the
 * testkit's event source mapping, configured from template.yaml) and its sweep, and read the mail.
 */
final class Mailroom {
    static final String FUNCTION = "SendConfirmationFunction";

    final LocalDeployment deployment;
    final DynamoDbTable<SignupItem> signups;
    final DynamoDbTable<MessageItem> messages;

    Mailroom(Map<String, String> parameters) {
        deployment = LocalDeployment.create(parameters);
        SampleData.load().writeTo(deployment);
        signups = deployment.enhanced().table(deployment.physicalId("SignupsTable"), SignupItem.SCHEMA);
        messages = deployment.enhanced().table(deployment.physicalId("SignupsTable"), MessageItem.SCHEMA);
    }

    Mailroom() {
        this(Map.of());
    }

    /** The handler as Lambda would build it, with SES interceptors (faults) and a clock of the test's choosing. */
    SendConfirmationHandler handler(Clock clock, ExecutionInterceptor... ses) {
        return handler(AwsClients.dynamoDb(deployment.env(FUNCTION)), clock, ses);
    }

    SendConfirmationHandler handler() {
        return handler(Clock.systemUTC());
    }

    /** The handler over a DynamoDB client of the test's, e.g. one with faults injected. */
    SendConfirmationHandler handler(DynamoDbClient dynamoDb, Clock clock, ExecutionInterceptor... ses) {
        Env env = deployment.env(FUNCTION);
        return new SendConfirmationHandler(env, dynamoDb, SesEmailSender.client(env, AwsClients.http(), ses), clock);
    }

    StreamEventSource stream(SendConfirmationHandler handler) {
        return StreamEventSource.fromTemplate(deployment, FUNCTION, null, handler);
    }

    /**
     * A sign-up as the confirm step leaves it: confirmed (or as given), with its details email
     * queued as its first message (pending, with the sparse index key).
     */
    SignupItem signUp(String groupId, String language, SignupStatus status, Instant createdAt) {
        PersonalData.Person person = PersonalData.person();
        return signUp(groupId, language, status, createdAt, person.firstName(), person.email(), person.phone());
    }

    SignupItem signUp(String groupId, String language, SignupStatus status, Instant createdAt, String firstName,
                      String email, String phone) {
        String emailKey = UUID.randomUUID().toString().replace("-", "");
        SignupItem item = SignupItem.builder()
                .pk(SignupKeys.groupPk(groupId)).sk(SignupKeys.signupSk(emailKey))
                .signupId(UUID.randomUUID().toString()).groupId(groupId).emailKey(emailKey)
                .createdAt(createdAt.toString()).expiresAt(createdAt.plus(Duration.ofDays(180)).getEpochSecond())
                .firstName(firstName).email(email).phone(phone).forWhom("self").language(language)
                .status(status.wire()).emailStatus(EmailStatus.PENDING.wire()).messageCount(1)
                .build();
        signups.putItem(item);
        MessageKind kind = status == SignupStatus.UNCONFIRMED ? MessageKind.CONFIRM_REQUEST : MessageKind.DETAILS;
        messages.putItem(MessageQueue.message(groupId, emailKey, item.signupId(), 0, kind, "test", createdAt,
                item.expiresAt()));
        return item;
    }

    SignupItem signUp(String groupId, String language) {
        return signUp(groupId, language, SignupStatus.CONFIRMED, Instant.now());
    }

    /** The sign-up's first message, as stored now (its email's state). */
    MessageItem reload(SignupItem item) {
        return messages.getItem(r -> r.key(Key.builder().partitionValue(item.pk()).sortValue(messageSk(item)).build())
                .consistentRead(true));
    }

    /** The sign-up itself, as stored now. */
    SignupItem signup(SignupItem item) {
        return signups.getItem(r -> r.key(Key.builder().partitionValue(item.pk()).sortValue(item.sk()).build())
                .consistentRead(true));
    }

    /** The key of a sign-up's first message, which {@link #signUp} queues. */
    static String messageSk(SignupItem item) {
        return SignupKeys.messageSk(item.emailKey(), item.signupId(), 1);
    }

    static List<MotoOutbox.Mail> mailTo(SignupItem item) {
        return MotoOutbox.to(item.email());
    }

    /** Invokes the handler with an event, as Lambda would, and returns its response. */
    Map<String, Object> invoke(SendConfirmationHandler handler, String event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out,
                    LocalContext.forFunction(deployment, FUNCTION));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.parseObject(out.toString(StandardCharsets.UTF_8));
    }

    Map<String, Object> sweep(SendConfirmationHandler handler) {
        return invoke(handler, """
                {"version": "0", "id": "%s", "detail-type": "Scheduled Event", "source": "aws.events",
                 "account": "123456789012", "time": "%s", "region": "us-east-1", "resources": [], "detail": {}}
                """.formatted(UUID.randomUUID(), Instant.now()));
    }

    /** A stream event for the given sign-ups' first messages, as Lambda would build it from their INSERT records. */
    static String streamEvent(List<SignupItem> items, long firstSequence) {
        List<String> records = new ArrayList<>();
        long sequence = firstSequence;
        for (SignupItem item : items) {
            records.add("""
                    {"eventID": "%s", "eventName": "INSERT", "eventVersion": "1.1", "eventSource": "aws:dynamodb",
                     "awsRegion": "us-east-1", "dynamodb": {"ApproximateCreationDateTime": %d,
                     "Keys": {"pk": {"S": "%s"}, "sk": {"S": "%s"}}, "SequenceNumber": "%d", "SizeBytes": 90,
                     "StreamViewType": "KEYS_ONLY"}, "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/x"}
                    """.formatted(UUID.randomUUID().toString().replace("-", ""), Instant.now().getEpochSecond(),
                    item.pk(), messageSk(item), sequence++));
        }
        return "{\"Records\": [" + String.join(",", records) + "]}";
    }

    /** Sequence numbers a partial batch response names. */
    @SuppressWarnings("unchecked")
    static List<String> failures(Map<String, Object> response) {
        List<String> ids = new ArrayList<>();
        for (Object failure : (List<Object>) response.get("batchItemFailures")) {
            ids.add((String) ((Map<String, Object>) failure).get("itemIdentifier"));
        }
        return ids;
    }

    /** The withdraw token in an email's text part. */
    static String withdrawToken(MotoOutbox.Mail mail) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/signups/withdraw\\?token=([A-Za-z0-9_-]+)")
                .matcher(mail.text());
        if (!m.find()) {
            throw new AssertionError("no withdraw link in the email");
        }
        return m.group(1);
    }

    static Map<String, Integer> countByRecipient(List<MotoOutbox.Mail> mail) {
        Map<String, Integer> counts = new HashMap<>();
        for (MotoOutbox.Mail m : mail) {
            for (String to : m.to()) {
                counts.merge(to, 1, Integer::sum);
            }
        }
        return counts;
    }
}
