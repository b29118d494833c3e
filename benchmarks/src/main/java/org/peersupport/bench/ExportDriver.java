package org.peersupport.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.peersupport.exportsignups.ExportSignupsHandler;
import org.peersupport.shared.Env;
import org.peersupport.shared.aws.AwsClients;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Runs in a fresh JVM with export-signups' function.jar: exports every sign-up, page after page at
 * {@code limit=5000}, through the real handler against moto, and prints rows, pages, time, the
 * largest live heap (sampled by a full collection every 200 ms) and the process's peak resident memory.
 * SDK timeouts are minutes instead of seconds, because moto scans in Python through every item on
 * each request (DynamoDB answers a 1 MB page in milliseconds).
 */
public final class ExportDriver {
    static final long SAMPLE_MILLIS = 200;

    private ExportDriver() {
    }

    public static void main(String[] args) throws Exception {
        // The live set is what a full collection leaves: after a young collection the old generation
        // still holds whatever died there since the last full one. So only full collections count,
        // and one is forced every SAMPLE_MILLIS while the export runs, to sample it throughout.
        AtomicLong peakAfterGc = new AtomicLong();
        AtomicLong collections = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    return;
                }
                GarbageCollectionNotificationInfo info =
                        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                if (!info.getGcAction().contains("major")) {
                    return;
                }
                long used = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                        .mapToLong(MemoryUsage::getUsed).sum();
                peakAfterGc.accumulateAndGet(used, Math::max);
                collections.incrementAndGet();
            }, null, null);
        }
        Thread sampler = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(SAMPLE_MILLIS);
                    System.gc();
                }
            } catch (InterruptedException stop) {
                // the export is done
            }
        }, "live-heap-sampler");
        sampler.setDaemon(true);

        Env env = Env.system();
        DynamoDbClient dynamoDb = AwsClients.build(DynamoDbClient.builder(), env,
                UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(5)).build(),
                ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofMinutes(5))
                        .apiCallAttemptTimeout(Duration.ofMinutes(5)).build());
        ExportSignupsHandler handler = new ExportSignupsHandler(env, dynamoDb, Clock.systemUTC());

        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) MiniJson.parse(Files.readString(Path.of(args[0])));
        Map<String, String> query = new LinkedHashMap<>(Map.of("format", "csv", "limit", "5000"));
        long timeoutMs = Long.getLong("bench.timeoutMs", 29_000);
        long rows = 0;
        int pages = 0;
        long largest = 0;
        sampler.start();
        long start = System.nanoTime();
        String link;
        do {
            APIGatewayV2HTTPEvent event = Invoker.httpEvent(json);
            event.setQueryStringParameters(query);
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, new Invoker.BenchContext(timeoutMs));
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("page " + pages + ": status " + response.getStatusCode());
            }
            String body = response.getBody();
            largest = Math.max(largest, body.length());
            rows += body.chars().filter(c -> c == '\n').count() - 1; // CRLF rows, less the header
            pages++;
            link = response.getHeaders().get("Link");
            if (link != null) {
                query = nextQuery(link);
            }
        } while (link != null);
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        System.out.printf("rows=%d pages=%d seconds=%.1f peakHeapAfterGcBytes=%d collections=%d peakRssBytes=%d largestBodyChars=%d%n",
                rows, pages, seconds, peakAfterGc.get(), collections.get(), peakRss(), largest);
    }

    static Map<String, String> nextQuery(String link) {
        String target = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : target.substring(target.indexOf('?') + 1).split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    /** VmHWM: the most resident memory the process has had. */
    static long peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }
}
