package org.peersupport.local.events;

import static org.peersupport.testkit.StackTemplate.list;
import static org.peersupport.testkit.StackTemplate.map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.peersupport.local.lambda.FunctionError;
import org.peersupport.local.lambda.LambdaFunction;
import org.peersupport.shared.Log;
import org.peersupport.testkit.LocalDeployment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A {@code DynamoDB} event: Lambda's event source mapping for a table's stream, polling it through
 * the endpoint's DynamoDB Streams API. Per shard, in order: batches of up to {@code BatchSize}
 * records ({@code MaximumBatchingWindowInSeconds} to gather one); a failed batch is retried with
 * back-off until {@code MaximumRetryAttempts} (default: until the record expires, which locally
 * means forever, as in Lambda a poison record holds up its shard), split in two first with
 * {@code BisectBatchOnFunctionError}; with {@code ReportBatchItemFailures} the batch is checkpointed
 * before the first failed item; a batch given up on is described to the {@code OnFailure} SQS
 * destination, as Lambda does.
 */
public final class StreamSource implements EventSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final LambdaFunction function;
    private final String eventName;
    private final String streamArn;
    private final String region;
    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;
    private final Settings settings;
    private final AtomicBoolean running = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final Set<String> started = new HashSet<>();
    private Thread discovery;

    /** The mapping's settings from the event's properties, with Lambda's defaults. */
    public record Settings(int batchSize, Duration batchingWindow, boolean latest, int maxRetries, boolean bisect,
                           boolean reportItemFailures, String onFailure, Duration pollInterval, Duration firstBackoff) {
        static Settings from(Map<String, Object> p, Map<String, String> env) {
            Object onFailure = map(map(p.get("DestinationConfig")).get("OnFailure")).get("Destination");
            boolean reportItemFailures = list(p.get("FunctionResponseTypes")).stream()
                    .anyMatch(t -> "ReportBatchItemFailures".equals(String.valueOf(t)));
            return new Settings(
                    integer(p.get("BatchSize"), 100),
                    Duration.ofSeconds(integer(p.get("MaximumBatchingWindowInSeconds"), 0)),
                    "LATEST".equals(String.valueOf(p.getOrDefault("StartingPosition", "LATEST"))),
                    integer(p.get("MaximumRetryAttempts"), -1),
                    Boolean.parseBoolean(String.valueOf(p.getOrDefault("BisectBatchOnFunctionError", "false"))),
                    reportItemFailures,
                    onFailure == null ? null : onFailure.toString(),
                    Duration.ofMillis(Long.parseLong(env.getOrDefault("LOCAL_STREAM_POLL_MILLIS", "500"))),
                    Duration.ofMillis(Long.parseLong(env.getOrDefault("LOCAL_STREAM_RETRY_MILLIS", "1000"))));
        }

        private static int integer(Object value, int fallback) {
            return value == null ? fallback : Integer.parseInt(value.toString().trim());
        }
    }

    public StreamSource(LambdaFunction function, String eventName, String streamArn, String region,
                        DynamoDbStreamsClient streams, SqsClient sqs, Settings settings) {
        this.function = function;
        this.eventName = eventName;
        this.streamArn = streamArn;
        this.region = region;
        this.streams = streams;
        this.sqs = sqs;
        this.settings = settings;
    }

    static EventSource create(EventSources.Context context, LambdaFunction function, String name, Map<String, Object> p) {
        if ("false".equalsIgnoreCase(String.valueOf(p.getOrDefault("Enabled", "true")))) {
            Log.info("local.stream.disabled", "function", function.logicalId(), "event", name);
            return null;
        }
        if (p.containsKey("FilterCriteria")) {
            Log.warn("local.stream.filterNotEmulated", "function", function.logicalId(), "event", name);
        }
        LocalDeployment deployment = context.deployment();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        DynamoDbStreamsClient streams = DynamoDbStreamsClient.builder().endpointOverride(deployment.endpoint())
                .region(deployment.region()).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        Settings settings = Settings.from(p, System.getenv());
        SqsClient sqs = null;
        if (settings.onFailure() != null) {
            if (!settings.onFailure().startsWith("arn:aws:sqs:")) {
                Log.warn("local.stream.destinationNotEmulated", "function", function.logicalId(), "event", name);
            } else {
                sqs = SqsClient.builder().endpointOverride(deployment.endpoint()).region(deployment.region())
                        .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
            }
        }
        return new StreamSource(function, name, String.valueOf(p.get("Stream")), context.region(), streams, sqs, settings);
    }

    @Override
    public synchronized void start() {
        running.set(true);
        discovery = new Thread(this::discover, "stream-" + function.logicalId() + "-" + eventName);
        discovery.setDaemon(true);
        discovery.start();
    }

    /** Finds the stream's shards (again every few seconds, for new ones) and polls each in its own thread. */
    private void discover() {
        boolean first = true;
        while (running.get()) {
            try {
                for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
                    synchronized (this) {
                        if (running.get() && started.add(shard.shardId())) {
                            // A shard found after start-up was opened after it: read it from its beginning.
                            boolean latest = settings.latest() && first;
                            Thread thread = new Thread(() -> poll(shard.shardId(), latest),
                                    "stream-" + function.logicalId() + "-" + shard.shardId());
                            thread.setDaemon(true);
                            threads.add(thread);
                            thread.start();
                        }
                    }
                }
            } catch (SdkException e) {
                Log.warn("local.stream.describeFailed", "function", function.logicalId(), "errorType", e.getClass().getSimpleName());
            }
            first = false;
            sleep(Duration.ofSeconds(5));
        }
    }

    private void poll(String shardId, boolean latest) {
        String iterator = null;
        String lastSequence = null;
        Deque<Record> pending = new ArrayDeque<>();
        Instant firstPending = null;
        while (running.get()) {
            try {
                if (iterator == null) {
                    String after = lastSequence;
                    iterator = streams.getShardIterator(r -> {
                        r.streamArn(streamArn).shardId(shardId);
                        if (after != null) {
                            r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
                        } else {
                            r.shardIteratorType(latest ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON);
                        }
                    }).shardIterator();
                }
                String current = iterator;
                GetRecordsResponse response = streams.getRecords(r -> r.shardIterator(current).limit(1000));
                iterator = response.nextShardIterator();
                for (Record record : response.records()) {
                    pending.addLast(record);
                    lastSequence = record.dynamodb().sequenceNumber();
                }
                if (!pending.isEmpty() && firstPending == null) {
                    firstPending = Instant.now();
                }
                boolean windowOver = firstPending != null
                        && Duration.between(firstPending, Instant.now()).compareTo(settings.batchingWindow()) >= 0;
                while (!pending.isEmpty() && running.get() && (windowOver || pending.size() >= settings.batchSize())) {
                    List<Record> batch = new ArrayList<>();
                    for (Record record : pending) {
                        if (batch.size() == settings.batchSize()) {
                            break;
                        }
                        batch.add(record);
                    }
                    int done = deliver(shardId, batch, 0);
                    for (int i = 0; i < done; i++) {
                        pending.removeFirst();
                    }
                    firstPending = pending.isEmpty() ? null : firstPending;
                }
                if (response.nextShardIterator() == null) {
                    if (pending.isEmpty()) {
                        return;
                    }
                    iterator = null;
                }
                if (response.records().isEmpty()) {
                    sleep(settings.pollInterval());
                }
            } catch (ExpiredIteratorException e) {
                iterator = null;
            } catch (SdkException e) {
                if (!running.get()) {
                    return;
                }
                Log.warn("local.stream.pollFailed", "function", function.logicalId(), "errorType", e.getClass().getSimpleName());
                iterator = null;
                sleep(settings.pollInterval().multipliedBy(4));
            }
        }
    }

    /**
     * Invokes the function with a batch until it succeeds or is given up on.
     *
     * @return how many records from the head of the batch are done with (processed or given up on)
     */
    int deliver(String shardId, List<Record> batch, int retriesSoFar) {
        int retries = retriesSoFar;
        while (running.get()) {
            String result;
            try {
                result = function.invoke(event(batch));
            } catch (FunctionError e) {
                if (settings.maxRetries() >= 0 && retries >= settings.maxRetries()) {
                    giveUp(shardId, batch, retries + 1);
                    return batch.size();
                }
                if (settings.bisect() && batch.size() > 1) {
                    // Splitting does not count as a retry; the second half comes back as the next batch.
                    Log.warn("local.stream.bisect", "function", function.logicalId(), "records", batch.size());
                    return deliver(shardId, batch.subList(0, batch.size() / 2), retries);
                }
                retries++;
                Log.warn("local.stream.retry", "function", function.logicalId(), "records", batch.size(),
                        "retry", retries, "kind", e.kind().name());
                sleep(backoff(retries));
                continue;
            }
            int failedAt = settings.reportItemFailures() ? firstFailure(result, batch) : -1;
            if (failedAt < 0) {
                return batch.size();
            }
            if (failedAt > 0) {
                // Checkpoint before the first failed record; it and those after it come back as the next batch.
                return failedAt;
            }
            if (settings.maxRetries() >= 0 && retries >= settings.maxRetries()) {
                giveUp(shardId, batch, retries + 1);
                return batch.size();
            }
            retries++;
            Log.warn("local.stream.itemFailure", "function", function.logicalId(), "retry", retries);
            sleep(backoff(retries));
        }
        return 0;
    }

    /**
     * Index of the first record the function reported as failed ({@code batchItemFailures}), -1 when
     * none; 0 (retry it all) for a response Lambda cannot read or an identifier not in the batch.
     */
    static int firstFailure(String result, List<Record> batch) {
        JsonNode failures;
        try {
            JsonNode node = JSON.readTree(result);
            if (node == null || node.isNull()) {
                return -1;
            }
            failures = node.path("batchItemFailures");
        } catch (Exception e) {
            return 0;
        }
        if (failures.isMissingNode() || failures.isNull() || failures.isArray() && failures.isEmpty()) {
            return -1;
        }
        int first = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText(null);
            int index = -1;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).dynamodb().sequenceNumber().equals(id)) {
                    index = i;
                }
            }
            if (index < 0) {
                return 0;
            }
            first = Math.min(first, index);
        }
        return first == Integer.MAX_VALUE ? -1 : first;
    }

    private void giveUp(String shardId, List<Record> batch, int attempts) {
        Log.warn("local.stream.gaveUp", "function", function.logicalId(), "records", batch.size(), "attempts", attempts);
        if (sqs == null || settings.onFailure() == null) {
            return;
        }
        ObjectNode message = JSON.createObjectNode();
        ObjectNode request = message.putObject("requestContext");
        request.put("requestId", UUID.randomUUID().toString());
        request.put("functionArn", "arn:aws:lambda:" + region + ":" + LocalDeployment.ACCOUNT_ID + ":function:" + function.functionName());
        request.put("condition", "RetryAttemptsExhausted");
        request.put("approximateInvokeCount", attempts);
        ObjectNode response = message.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        response.put("functionError", "Unhandled");
        message.put("version", "1.0");
        message.put("timestamp", Instant.now().toString());
        ObjectNode info = message.putObject("DDBStreamBatchInfo");
        info.put("shardId", shardId);
        info.put("startSequenceNumber", batch.get(0).dynamodb().sequenceNumber());
        info.put("endSequenceNumber", batch.get(batch.size() - 1).dynamodb().sequenceNumber());
        info.put("approximateArrivalOfFirstRecord", String.valueOf(batch.get(0).dynamodb().approximateCreationDateTime()));
        info.put("approximateArrivalOfLastRecord", String.valueOf(batch.get(batch.size() - 1).dynamodb().approximateCreationDateTime()));
        info.put("batchSize", batch.size());
        info.put("streamArn", streamArn);
        String queueUrl = sqs.getQueueUrl(r -> r.queueName(settings.onFailure().substring(settings.onFailure().lastIndexOf(':') + 1)))
                .queueUrl();
        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(message.toString()));
    }

    /** The event Lambda sends for a batch of stream records. */
    String event(List<Record> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Record record : batch) {
            ObjectNode r = records.addObject();
            r.put("eventID", record.eventID());
            r.put("eventName", record.eventNameAsString());
            r.put("eventVersion", record.eventVersion() == null ? "1.1" : record.eventVersion());
            r.put("eventSource", "aws:dynamodb");
            r.put("awsRegion", record.awsRegion() == null ? region : record.awsRegion());
            StreamRecord s = record.dynamodb();
            ObjectNode d = r.putObject("dynamodb");
            if (s.approximateCreationDateTime() != null) {
                d.put("ApproximateCreationDateTime", s.approximateCreationDateTime().getEpochSecond());
            }
            putImage(d, "Keys", s.keys());
            if (s.hasNewImage()) {
                putImage(d, "NewImage", s.newImage());
            }
            if (s.hasOldImage()) {
                putImage(d, "OldImage", s.oldImage());
            }
            d.put("SequenceNumber", s.sequenceNumber());
            if (s.sizeBytes() != null) {
                d.put("SizeBytes", s.sizeBytes());
            }
            d.put("StreamViewType", s.streamViewTypeAsString());
            if (record.userIdentity() != null) {
                ObjectNode identity = r.putObject("userIdentity");
                identity.put("type", record.userIdentity().type());
                identity.put("principalId", record.userIdentity().principalId());
            }
            r.put("eventSourceARN", streamArn);
        }
        return event.toString();
    }

    private static void putImage(ObjectNode parent, String name, Map<String, AttributeValue> image) {
        ObjectNode node = parent.putObject(name);
        image.forEach((key, value) -> node.set(key, attribute(value)));
    }

    /** An attribute value in DynamoDB's JSON form ({@code {"S": "..."}}), as stream events carry it. */
    static ObjectNode attribute(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> value.bs().forEach(b -> node.withArray("BS").add(base64(b)));
            case L -> value.l().forEach(v -> node.withArray("L").add(attribute(v)));
            case M -> {
                ObjectNode map = node.putObject("M");
                value.m().forEach((k, v) -> map.set(k, attribute(v)));
            }
            default -> throw new IllegalArgumentException("unknown attribute type " + value.type());
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }

    private Duration backoff(int retries) {
        Duration delay = settings.firstBackoff().multipliedBy(1L << Math.min(retries - 1, 10));
        return delay.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : delay;
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }

    @Override
    public String describe() {
        return function.logicalId() + "." + eventName + ": stream of " + streamArn.replaceAll(".*:table/([^/]+)/.*", "$1")
                + " (batch " + settings.batchSize() + (settings.maxRetries() >= 0 ? ", " + settings.maxRetries() + " retries" : "")
                + (settings.onFailure() != null ? ", on failure to " + settings.onFailure().replaceAll(".*:", "") : "") + ")";
    }

    @Override
    public synchronized void close() {
        running.set(false);
        if (discovery != null) {
            discovery.interrupt();
        }
        threads.forEach(Thread::interrupt);
        streams.close();
        if (sqs != null) {
            sqs.close();
        }
    }
}
