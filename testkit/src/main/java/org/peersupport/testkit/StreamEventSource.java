package org.peersupport.testkit;

import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.peersupport.shared.json.Json;
import org.peersupport.testkit.calls.AwsCallRecorder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lambda's event source mapping for a DynamoDB stream, run locally: it polls the stream through
 * the DynamoDB Streams API (GetShardIterator, GetRecords) of an AWS-compatible endpoint and invokes
 * a {@link RequestStreamHandler} in this process with the event Lambda would send. Its settings
 * come from the function's {@code DynamoDB} event in template.yaml ({@link #fromTemplate}):
 *
 * <ul>
 * <li>{@code StartingPosition} ({@code TRIM_HORIZON} or {@code LATEST}), {@code BatchSize};</li>
 * <li>{@code FilterCriteria}: records that match no filter are dropped before batching
 *     ({@link EventFilter});</li>
 * <li>{@code FunctionResponseTypes: [ReportBatchItemFailures]}: a response naming failed records
 *     checkpoints before the lowest one and retries from it (an empty or null list is success; an
 *     unknown or empty identifier fails the whole batch);</li>
 * <li>{@code BisectBatchOnFunctionError}: a batch whose invocation throws is split in two and each
 *     half retried, without using up retries; with a partial batch response, the batch is split at
 *     the failed record and only the rest retried;</li>
 * <li>{@code MaximumRetryAttempts} and {@code MaximumRecordAgeInSeconds}: when either runs out,
 *     the records are given up and, with {@code DestinationConfig.OnFailure} naming an SQS queue,
 *     a message describing the batch (Lambda's {@code DDBStreamBatchInfo} shape: shard and
 *     sequence range, not the records) is sent there.</li>
 * </ul>
 *
 * <p>Batches are invoked one at a time, in order, as Lambda does for a shard with the default
 * parallelization factor. Retries follow each other immediately (Lambda waits a little).
 * {@link #drain()} runs until the stream is caught up, for tests; {@link #start} polls in the
 * background, for the local server.
 */
public final class StreamEventSource implements AutoCloseable {
    /** A mapping's settings, as template.yaml gives them. */
    public record Settings(String streamArn, String startingPosition, int batchSize, EventFilter filter,
                           boolean reportBatchItemFailures, boolean bisectOnError, int maximumRetryAttempts,
                           Duration maximumRecordAge, String onFailureQueueUrl) {
    }

    /** What the mapping has done so far. */
    public record Stats(long invocations, long recordsInvoked, long recordsFiltered, long onFailureMessages) {
    }

    private final Settings settings;
    private final RequestStreamHandler handler;
    private final Supplier<Context> contexts;
    private final String functionArn;
    private final String functionId;
    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;
    /** Per shard, the sequence number of the last record read (null: none yet, read from the start). */
    private final Map<String, String> positions = new LinkedHashMap<>();
    private final EndpointProxy isolation;
    private final Set<String> closedShards = new HashSet<>();
    private final AtomicLong invocations = new AtomicLong();
    private final AtomicLong recordsInvoked = new AtomicLong();
    private final AtomicLong recordsFiltered = new AtomicLong();
    private final AtomicLong onFailureMessages = new AtomicLong();
    private Thread poller;
    private volatile boolean running;

    public StreamEventSource(Settings settings, RequestStreamHandler handler, Supplier<Context> contexts,
                             String functionArn, LocalDeployment deployment) {
        this(settings, handler, contexts, functionArn, null, deployment);
    }

    /**
     * {@code functionId}: the template's function whose mapping this is; Lambda reads the stream and
     * writes to the on-failure queue with that function's role, so those calls are recorded as its.
     */
    private StreamEventSource(Settings settings, RequestStreamHandler handler, Supplier<Context> contexts,
                              String functionArn, String functionId, LocalDeployment deployment) {
        this.settings = settings;
        this.functionId = functionId;
        this.handler = handler;
        this.contexts = contexts;
        this.functionArn = functionArn;
        this.streams = DynamoDbStreamsClient.builder()
                .endpointOverride(deployment.endpoint())
                .region(deployment.region())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.sqs = settings.onFailureQueueUrl() == null ? null : deployment.sqs();
        this.isolation = EndpointProxy.serving(deployment.endpoint());
    }

    /**
     * The mapping of a function's {@code DynamoDB} event in template.yaml (its only one, or the one
     * named {@code eventName}), invoking {@code handler} with a fresh {@link LocalContext} each time.
     */
    public static StreamEventSource fromTemplate(LocalDeployment deployment, String functionId, String eventName,
                                                 RequestStreamHandler handler) {
        Map<String, Object> event = null;
        for (Map.Entry<String, Object> entry : map(deployment.template().properties(functionId).get("Events")).entrySet()) {
            Map<String, Object> candidate = map(entry.getValue());
            if ("DynamoDB".equals(candidate.get("Type")) && (eventName == null || eventName.equals(entry.getKey()))) {
                if (event != null) {
                    throw new IllegalArgumentException(functionId + " has more than one DynamoDB event; name one");
                }
                event = candidate;
            }
        }
        if (event == null) {
            throw new IllegalArgumentException(functionId + " has no DynamoDB event" + (eventName == null ? "" : " " + eventName));
        }
        Map<String, Object> p = map(deployment.intrinsics().resolve(event.get("Properties")));
        List<String> patterns = new ArrayList<>();
        for (Object filter : list(map(p.get("FilterCriteria")).get("Filters"))) {
            patterns.add((String) map(filter).get("Pattern"));
        }
        String destination = (String) map(map(p.get("DestinationConfig")).get("OnFailure")).get("Destination");
        if (destination != null && !destination.startsWith("arn:aws:sqs:")) {
            throw new IllegalArgumentException("Only SQS on-failure destinations are run locally");
        }
        Object maxAge = p.get("MaximumRecordAgeInSeconds");
        Settings settings = new Settings(
                (String) p.get("Stream"),
                String.valueOf(p.getOrDefault("StartingPosition", "LATEST")),
                integer(p.get("BatchSize"), 100),
                patterns.isEmpty() ? EventFilter.none() : EventFilter.of(patterns),
                list(p.get("FunctionResponseTypes")).contains("ReportBatchItemFailures"),
                Boolean.parseBoolean(String.valueOf(p.getOrDefault("BisectBatchOnFunctionError", "false"))),
                integer(p.get("MaximumRetryAttempts"), -1),
                maxAge == null || integer(maxAge, -1) < 0 ? null : Duration.ofSeconds(integer(maxAge, -1)),
                destination == null ? null : deployment.queueUrl(destination));
        return new StreamEventSource(settings, handler, () -> LocalContext.forFunction(deployment, functionId),
                deployment.functionArn(functionId), functionId, deployment);
    }

    public Settings settings() {
        return settings;
    }

    public Stats stats() {
        return new Stats(invocations.get(), recordsInvoked.get(), recordsFiltered.get(), onFailureMessages.get());
    }

    /** Polls until a poll finds nothing new; every batch found is handled, retries included. */
    public synchronized void drain() {
        while (pollOnce() > 0) {
            // keep going: handling a batch may have written records of its own
        }
    }

    /** Polls every {@code interval} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration interval) {
        if (poller != null) {
            return;
        }
        running = true;
        poller = new Thread(() -> {
            while (running) {
                try {
                    pollOnce();
                } catch (RuntimeException e) {
                    System.err.println("stream poller: " + e.getClass().getName());
                }
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stream-event-source");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public void close() {
        running = false;
        Thread thread = poller;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        streams.close();
    }

    /** One pass over every shard: reads what is new and handles it. Returns the records read. */
    public synchronized int pollOnce() {
        int read = 0;
        for (Shard shard : asTheFunction(() -> streams.describeStream(r -> r.streamArn(settings.streamArn())))
                .streamDescription().shards()) {
            String id = shard.shardId();
            if (closedShards.contains(id)) {
                continue;
            }
            List<Record> records = asTheFunction(() -> isolation == null ? read(id) : isolation.whileNoWrite(() -> read(id)));
            read += records.size();
            handle(id, records);
        }
        return read;
    }

    /**
     * What a shard holds after the last record read, through a fresh iterator each time: moto
     * replaces a table's stream when a transaction is cancelled (it puts back a copy of the whole
     * table), and an iterator kept from before goes on reading the replaced stream, which never
     * gets another record. Called while no DynamoDB write can run, so that what is read never
     * includes a write that a cancelled transaction is about to undo.
     */
    private List<Record> read(String shardId) {
        if (!positions.containsKey(shardId)) {
            positions.put(shardId, startingPosition(shardId));
        }
        String after = positions.get(shardId);
        String iterator = after == null
                ? iterator(shardId, ShardIteratorType.TRIM_HORIZON, null)
                : iterator(shardId, ShardIteratorType.AFTER_SEQUENCE_NUMBER, after);
        List<Record> records = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(current).limit(1000));
            records.addAll(response.records());
            iterator = response.nextShardIterator();
            if (iterator == null) {
                closedShards.add(shardId);
            } else if (response.records().isEmpty()) {
                break;
            }
        }
        if (!records.isEmpty()) {
            positions.put(shardId, records.get(records.size() - 1).dynamodb().sequenceNumber());
        }
        return records;
    }

    /**
     * Where a shard is first read from: its beginning for {@code TRIM_HORIZON}; for {@code LATEST},
     * after the last record it holds now (an iterator of type LATEST would name no record to go on
     * from on the next, fresh, iterator).
     */
    private String startingPosition(String shardId) {
        if (!"LATEST".equals(settings.startingPosition())) {
            return null;
        }
        String last = null;
        String iterator = iterator(shardId, ShardIteratorType.TRIM_HORIZON, null);
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(current).limit(1000));
            if (response.records().isEmpty()) {
                break;
            }
            last = response.records().get(response.records().size() - 1).dynamodb().sequenceNumber();
            iterator = response.nextShardIterator();
        }
        return last;
    }

    /** What Lambda does with the function's role (see {@link AwsCallRecorder}). */
    private <T> T asTheFunction(Supplier<T> call) {
        return functionId == null ? call.get() : AwsCallRecorder.onBehalfOf(functionId, call);
    }

    private String iterator(String shardId, ShardIteratorType type, String sequence) {
        return streams.getShardIterator(r -> r.streamArn(settings.streamArn()).shardId(shardId)
                .shardIteratorType(type).sequenceNumber(sequence)).shardIterator();
    }

    /** A batch on its way through invocations and retries. */
    private record Attempt(List<Map<String, Object>> records, int retries, int invokeCount) {
    }

    private void handle(String shardId, List<Record> records) {
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Record record : records) {
            Map<String, Object> event = lambdaRecord(record);
            if (settings.filter().matches(event)) {
                matching.add(event);
            } else {
                recordsFiltered.incrementAndGet();
            }
        }
        for (int from = 0; from < matching.size(); from += settings.batchSize()) {
            run(shardId, matching.subList(from, Math.min(matching.size(), from + settings.batchSize())));
        }
    }

    private void run(String shardId, List<Map<String, Object>> batch) {
        Deque<Attempt> work = new ArrayDeque<>();
        work.push(new Attempt(List.copyOf(batch), 0, 0));
        while (!work.isEmpty()) {
            Attempt attempt = work.pop();
            List<Map<String, Object>> records = dropExpired(shardId, attempt);
            if (records.isEmpty()) {
                continue;
            }
            Outcome outcome = invoke(records);
            int invokeCount = attempt.invokeCount() + 1;
            if (outcome.failedFrom() < 0) {
                continue;
            }
            if (outcome.functionError() && settings.bisectOnError() && records.size() > 1) {
                int half = records.size() / 2;
                // Splitting does not count as a retry; the first half runs first.
                work.push(new Attempt(records.subList(half, records.size()), attempt.retries(), invokeCount));
                work.push(new Attempt(records.subList(0, half), attempt.retries(), invokeCount));
                continue;
            }
            List<Map<String, Object>> remaining = records.subList(outcome.failedFrom(), records.size());
            if (settings.maximumRetryAttempts() < 0 || attempt.retries() < settings.maximumRetryAttempts()) {
                work.push(new Attempt(remaining, attempt.retries() + 1, invokeCount));
            } else {
                giveUp(shardId, remaining, "RetryAttemptsExhausted", invokeCount, outcome.functionError());
            }
        }
    }

    private List<Map<String, Object>> dropExpired(String shardId, Attempt attempt) {
        if (settings.maximumRecordAge() == null) {
            return attempt.records();
        }
        Instant oldest = Instant.now().minus(settings.maximumRecordAge());
        List<Map<String, Object>> expired = new ArrayList<>();
        List<Map<String, Object>> fresh = new ArrayList<>();
        for (Map<String, Object> record : attempt.records()) {
            (created(record).isBefore(oldest) ? expired : fresh).add(record);
        }
        if (!expired.isEmpty()) {
            giveUp(shardId, expired, "RecordAgeExceeded", attempt.invokeCount(), false);
        }
        return fresh;
    }

    /** How an invocation ended: {@code failedFrom} -1 for success, else the index to retry from. */
    private record Outcome(int failedFrom, boolean functionError) {
    }

    private Outcome invoke(List<Map<String, Object>> records) {
        invocations.incrementAndGet();
        recordsInvoked.addAndGet(records.size());
        byte[] event = Json.write(json -> {
            json.writeStartObject();
            json.writeFieldName("Records");
            Json.writeValue(json, records);
            json.writeEndObject();
        }).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            handler.handleRequest(new ByteArrayInputStream(event), out, contexts.get());
        } catch (IOException | RuntimeException e) {
            return new Outcome(0, true);
        }
        if (!settings.reportBatchItemFailures()) {
            return new Outcome(-1, false);
        }
        return new Outcome(firstFailure(records, out.toString(StandardCharsets.UTF_8)), false);
    }

    /** Lambda's reading of a partial batch response: the lowest failed record, -1 for none, 0 if unreadable. */
    @SuppressWarnings("unchecked")
    private static int firstFailure(List<Map<String, Object>> records, String response) {
        if (response.isBlank()) {
            return -1;
        }
        Object parsed;
        try {
            parsed = Json.parse(response);
        } catch (RuntimeException e) {
            return -1; // not a batch response at all: Lambda counts the batch as processed
        }
        if (!(parsed instanceof Map) || !(((Map<String, Object>) parsed).get("batchItemFailures") instanceof List)) {
            return -1;
        }
        int first = Integer.MAX_VALUE;
        for (Object failure : (List<Object>) ((Map<String, Object>) parsed).get("batchItemFailures")) {
            Object id = failure instanceof Map ? ((Map<String, Object>) failure).get("itemIdentifier") : null;
            int index = -1;
            for (int i = 0; i < records.size(); i++) {
                if (sequence(records.get(i)).equals(id)) {
                    index = i;
                }
            }
            if (index < 0) {
                return 0; // an empty, null or unknown identifier fails the whole batch
            }
            first = Math.min(first, index);
        }
        return first == Integer.MAX_VALUE ? -1 : first;
    }

    private void giveUp(String shardId, List<Map<String, Object>> records, String condition, int invokeCount,
                        boolean functionError) {
        if (sqs == null) {
            return;
        }
        Map<String, Object> first = records.get(0);
        Map<String, Object> last = records.get(records.size() - 1);
        String body = Json.write(json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("requestContext");
            json.writeStringField("requestId", UUID.randomUUID().toString());
            json.writeStringField("functionArn", functionArn);
            json.writeStringField("condition", condition);
            json.writeNumberField("approximateInvokeCount", invokeCount);
            json.writeEndObject();
            json.writeObjectFieldStart("responseContext");
            json.writeNumberField("statusCode", 200);
            json.writeStringField("executedVersion", "$LATEST");
            if (functionError) {
                json.writeStringField("functionError", "Unhandled");
            }
            json.writeEndObject();
            json.writeStringField("version", "1.0");
            json.writeStringField("timestamp", Instant.now().toString());
            json.writeObjectFieldStart("DDBStreamBatchInfo");
            json.writeStringField("shardId", shardId);
            json.writeStringField("startSequenceNumber", sequence(first));
            json.writeStringField("endSequenceNumber", sequence(last));
            json.writeStringField("approximateArrivalOfFirstRecord", created(first).toString());
            json.writeStringField("approximateArrivalOfLastRecord", created(last).toString());
            json.writeNumberField("batchSize", records.size());
            json.writeStringField("streamArn", settings.streamArn());
            json.writeEndObject();
            json.writeEndObject();
        });
        asTheFunction(() -> sqs.sendMessage(r -> r.queueUrl(settings.onFailureQueueUrl()).messageBody(body)));
        onFailureMessages.incrementAndGet();
    }

    /** A stream record as Lambda puts it in the event. */
    private Map<String, Object> lambdaRecord(Record record) {
        Map<String, Object> dynamodb = new LinkedHashMap<>();
        var r = record.dynamodb();
        Instant created = r.approximateCreationDateTime() == null ? Instant.now() : r.approximateCreationDateTime();
        dynamodb.put("ApproximateCreationDateTime", BigDecimal.valueOf(created.getEpochSecond()));
        dynamodb.put("Keys", image(r.keys()));
        if (r.hasNewImage()) {
            dynamodb.put("NewImage", image(r.newImage()));
        }
        if (r.hasOldImage()) {
            dynamodb.put("OldImage", image(r.oldImage()));
        }
        dynamodb.put("SequenceNumber", r.sequenceNumber());
        dynamodb.put("SizeBytes", r.sizeBytes() == null ? 0L : r.sizeBytes());
        dynamodb.put("StreamViewType", r.streamViewTypeAsString());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("eventID", record.eventID());
        event.put("eventName", record.eventNameAsString());
        event.put("eventVersion", record.eventVersion());
        event.put("eventSource", "aws:dynamodb");
        event.put("awsRegion", record.awsRegion());
        event.put("dynamodb", dynamodb);
        event.put("eventSourceARN", settings.streamArn());
        return event;
    }

    private static Map<String, Object> image(Map<String, AttributeValue> item) {
        Map<String, Object> out = new LinkedHashMap<>();
        item.forEach((name, value) -> out.put(name, attribute(value)));
        return out;
    }

    /** DynamoDB JSON for one attribute value. */
    private static Map<String, Object> attribute(AttributeValue v) {
        Map<String, Object> out = new LinkedHashMap<>();
        switch (v.type()) {
            case S -> out.put("S", v.s());
            case N -> out.put("N", v.n());
            case B -> out.put("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BOOL -> out.put("BOOL", v.bool());
            case NUL -> out.put("NULL", Boolean.TRUE);
            case SS -> out.put("SS", v.ss());
            case NS -> out.put("NS", v.ns());
            case BS -> out.put("BS", v.bs().stream().map(b -> Base64.getEncoder().encodeToString(b.asByteArray())).toList());
            case L -> out.put("L", v.l().stream().map(StreamEventSource::attribute).toList());
            case M -> out.put("M", image(v.m()));
            default -> throw new IllegalArgumentException("unknown attribute type");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static String sequence(Map<String, Object> record) {
        return (String) ((Map<String, Object>) record.get("dynamodb")).get("SequenceNumber");
    }

    @SuppressWarnings("unchecked")
    private static Instant created(Map<String, Object> record) {
        Object seconds = ((Map<String, Object>) record.get("dynamodb")).get("ApproximateCreationDateTime");
        return Instant.ofEpochSecond(((Number) seconds).longValue());
    }

    private static int integer(Object value, int fallback) {
        return value == null ? fallback : Integer.parseInt(String.valueOf(value));
    }
}
