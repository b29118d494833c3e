package org.peersupport.sendconfirmation;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.aws.LambdaEvent;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.store.SignupItem;
import org.peersupport.shared.store.SignupKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The mailer: sends every queued message (a {@code MessageItem}: confirm requests, details emails,
 * reminders, change notices and place-opened notices), one function for its two triggers, told
 * apart by the event's shape:
 *
 * <ul>
 * <li>a batch from the Signups table's stream ({@code "Records"}; KEYS_ONLY, inserts of messages
 *     only, by the event source mapping's filter). Answers Lambda's partial batch response,
 *     {@code {"batchItemFailures":[{"itemIdentifier":"<sequence number>"}]}}, naming the records
 *     to retry;</li>
 * <li>the scheduled sweep (an EventBridge "Scheduled Event"): sends what is still pending a few
 *     minutes after sign-up, oldest first, a bounded number per run. The stream keeps records
 *     for 24 hours and gives up after its retries; the sweep is what makes a message never lost.</li>
 * </ul>
 *
 * <p>It is a {@link RequestStreamHandler} so that one handler can take both shapes, read with
 * jackson-core's streaming parser rather than the runtime's reflective event binding.
 */
public final class SendConfirmationHandler implements RequestStreamHandler {
    /** Time kept back at the end of an invocation: one more send, with its retries, must fit. */
    static final Duration RESERVE = Duration.ofSeconds(20);
    /** Keys the sweep reads per run at most, sent or not, so waiting sign-ups cannot stall it. */
    static final int SWEEP_MAX_READ = 1000;

    private final ConfirmationMailer mailer;
    private final MessageStore store;
    private final Clock clock;
    private final Duration sweepMinAge;
    private final int sweepMaxSends;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real clients and clock. */
    public SendConfirmationHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), SesEmailSender.client(Env.system(), AwsClients.http()),
                Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given clients and clock. */
    public SendConfirmationHandler(Env env, DynamoDbClient dynamoDb, SesV2Client ses, Clock clock) {
        this(Wiring.of(env, dynamoDb, ses, clock), clock,
                Duration.ofSeconds(env.integer("SWEEP_MIN_AGE_SECONDS", 0, 86_400)),
                env.integer("SWEEP_MAX_SENDS", 1, 10_000));
    }

    private SendConfirmationHandler(Wiring wiring, Clock clock, Duration sweepMinAge, int sweepMaxSends) {
        this(wiring.mailer(), wiring.store(), clock, sweepMinAge, sweepMaxSends);
    }

    /** Over parts of the caller's: the handler's unit test runs it with its store in memory. */
    SendConfirmationHandler(ConfirmationMailer mailer, MessageStore store, Clock clock, Duration sweepMinAge,
                            int sweepMaxSends) {
        this.mailer = mailer;
        this.store = store;
        this.clock = clock;
        this.sweepMinAge = sweepMinAge;
        this.sweepMaxSends = sweepMaxSends;
    }

    /** The real parts, built once per container over one DynamoDB client. */
    private record Wiring(ConfirmationMailer mailer, MessageStore store) {
        static Wiring of(Env env, DynamoDbClient dynamoDb, SesV2Client ses, Clock clock) {
            String orgName = env.required("ORG_NAME");
            String sender = env.required("SENDER_EMAIL");
            if (!RawEmail.isPlainAddress(sender)) {
                throw new IllegalStateException("Environment variable SENDER_EMAIL must be a plain email address");
            }
            if (orgName.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalStateException("Environment variable ORG_NAME must be one line of text");
            }
            MessageStore store = new DynamoMessageStore(dynamoDb, env.required("SIGNUPS_TABLE"));
            GroupDirectory directory = new DynamoGroupDirectory(AwsClients.enhanced(dynamoDb),
                    env.required("GROUPS_TABLE"), env.required("MEETING_DETAILS_TABLE"), env.required("CLOSURES_TABLE"));
            String publicBaseUrl = env.baseUrl("PUBLIC_BASE_URL");
            ConfirmationMailer mailer = new ConfirmationMailer(store, directory,
                    new SesEmailSender(ses, sender, env.required("SES_CONFIGURATION_SET")),
                    new ConfirmationRenderer(orgName, publicBaseUrl), new ConfirmRequestRenderer(orgName, publicBaseUrl),
                    orgName, sender, env.zone("ORG_TIME_ZONE"), clock);
            return new Wiring(mailer, store);
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event = LambdaEvent.read(input, "confirmation.unreadable_event");
        String response;
        if (event.get("Records") instanceof List<?> records) {
            response = stream(records, context);
        } else if ("Scheduled Event".equals(event.get("detail-type"))) {
            response = sweep(context);
        } else {
            Log.error("confirmation.unknown_event", null);
            throw new IllegalArgumentException("Neither a stream batch nor a scheduled event");
        }
        output.write(response.getBytes(StandardCharsets.UTF_8));
    }

    /** A stream batch: every record is tried, and those to retry are named. */
    private String stream(List<?> records, Context context) {
        ConfirmationMailer.Batch batch = mailer.batch();
        Set<String> failures = new LinkedHashSet<>();
        Map<ConfirmationMailer.Outcome, Integer> counts = new EnumMap<>(ConfirmationMailer.Outcome.class);
        boolean sesDown = false;
        for (Object value : records) {
            StreamRecord record = StreamRecord.of(value);
            if (record == null) {
                // Without a sequence number a record cannot be named; failing the batch retries it whole.
                Log.error("confirmation.unreadable_record", null);
                throw new IllegalArgumentException("A stream record without its sequence number");
            }
            if (!"INSERT".equals(record.eventName())) {
                continue; // the event filter lets none through; nothing to send for them anyway
            }
            if (record.key() == null) {
                Log.error("confirmation.unreadable_record", null, "sequenceNumber", record.sequenceNumber());
                failures.add(record.sequenceNumber());
                continue;
            }
            if (!SignupKeys.isMessageSk(record.key().sk())) {
                continue; // a sign-up or a group's counter item: the filter lets none through
            }
            if (sesDown || lowOnTime(context)) {
                failures.add(record.sequenceNumber()); // retried by Lambda, or sent by the sweep
                continue;
            }
            ConfirmationMailer.Outcome outcome = mailer.deliver(record.key(), ConfirmationMailer.Trigger.STREAM, batch);
            counts.merge(outcome, 1, Integer::sum);
            if (outcome == ConfirmationMailer.Outcome.SES_UNAVAILABLE) {
                sesDown = true; // the rest of the batch would only wait for the same answer
            }
            if (outcome == ConfirmationMailer.Outcome.SES_UNAVAILABLE || outcome == ConfirmationMailer.Outcome.FAILED) {
                failures.add(record.sequenceNumber());
            }
        }
        Log.info("confirmation.batch", "records", records.size(), "sent", count(counts, ConfirmationMailer.Outcome.SENT),
                "undeliverable", count(counts, ConfirmationMailer.Outcome.UNDELIVERABLE),
                "failed", failures.size(), "sesUnavailable", sesDown);
        List<String> identifiers = new ArrayList<>(failures);
        return Json.write(json -> {
            json.writeStartObject();
            json.writeArrayFieldStart("batchItemFailures");
            for (String id : identifiers) {
                json.writeStartObject();
                json.writeStringField("itemIdentifier", id);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    /** The sweep: pending sign-ups older than the minimum age, oldest first. */
    private String sweep(Context context) {
        Instant cutoff = clock.instant().minus(sweepMinAge);
        ConfirmationMailer.Batch batch = mailer.batch();
        Map<ConfirmationMailer.Outcome, Integer> counts = new EnumMap<>(ConfirmationMailer.Outcome.class);
        int read = 0;
        int attempted = 0;
        String stopped = "done";
        for (MessageKey key : store.pendingOldestFirst(SignupItem.timestamp(cutoff))) {
            if (attempted >= sweepMaxSends || read >= SWEEP_MAX_READ) {
                stopped = "limit";
                break;
            }
            if (lowOnTime(context)) {
                stopped = "time";
                break;
            }
            read++;
            if (!SignupKeys.isMessageSk(key.sk())) {
                continue; // a sign-up stored before messages were items of their own (see docs/operations.md, "Upgrading")
            }
            ConfirmationMailer.Outcome outcome = mailer.deliver(key, ConfirmationMailer.Trigger.SWEEP, batch);
            counts.merge(outcome, 1, Integer::sum);
            if (outcome != ConfirmationMailer.Outcome.NOTHING_TO_DO && outcome != ConfirmationMailer.Outcome.BUSY) {
                attempted++;
            }
            if (outcome == ConfirmationMailer.Outcome.SES_UNAVAILABLE) {
                stopped = "ses_unavailable";
                break;
            }
        }
        int sent = count(counts, ConfirmationMailer.Outcome.SENT);
        int undeliverable = count(counts, ConfirmationMailer.Outcome.UNDELIVERABLE);
        int failed = count(counts, ConfirmationMailer.Outcome.FAILED) + count(counts, ConfirmationMailer.Outcome.SES_UNAVAILABLE);
        int waiting = count(counts, ConfirmationMailer.Outcome.BUSY);
        Log.info("confirmation.sweep", "read", read, "sent", sent, "undeliverable", undeliverable, "failed", failed,
                "waiting", waiting, "stopped", stopped);
        String reason = stopped;
        long readCount = read;
        return Json.write(json -> {
            json.writeStartObject();
            json.writeNumberField("read", readCount);
            json.writeNumberField("sent", (long) sent);
            json.writeNumberField("undeliverable", (long) undeliverable);
            json.writeNumberField("failed", (long) failed);
            json.writeNumberField("waiting", (long) waiting);
            json.writeStringField("stopped", reason);
            json.writeEndObject();
        });
    }

    private static int count(Map<ConfirmationMailer.Outcome, Integer> counts, ConfirmationMailer.Outcome outcome) {
        return counts.getOrDefault(outcome, 0);
    }

    private static boolean lowOnTime(Context context) {
        return context != null && context.getRemainingTimeInMillis() < RESERVE.toMillis();
    }

    /** What the mailer reads from one stream record: its sequence number, event name and keys. */
    record StreamRecord(String sequenceNumber, String eventName, MessageKey key) {
        static StreamRecord of(Object value) {
            if (!(value instanceof Map<?, ?> record) || !(record.get("dynamodb") instanceof Map<?, ?> dynamodb)
                    || !(dynamodb.get("SequenceNumber") instanceof String sequence) || sequence.isEmpty()) {
                return null;
            }
            MessageKey key = null;
            if (dynamodb.get("Keys") instanceof Map<?, ?> keys) {
                String pk = string(keys.get("pk"));
                String sk = string(keys.get("sk"));
                if (pk != null && sk != null) {
                    key = new MessageKey(pk, sk);
                }
            }
            Object name = record.get("eventName");
            return new StreamRecord(sequence, name instanceof String s ? s : null, key);
        }

        private static String string(Object attribute) {
            return attribute instanceof Map<?, ?> map && map.get("S") instanceof String s ? s : null;
        }
    }
}
