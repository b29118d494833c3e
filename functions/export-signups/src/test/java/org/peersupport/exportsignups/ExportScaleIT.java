package org.peersupport.exportsignups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.peersupport.testkit.BulkSignups;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.api.ApiCalls;

/**
 * Exports every sign-up of a large table, all groups, at the largest page size, through the real
 * handler against moto, and reports rows, pages, the largest response as Lambda would serialise
 * it, time and heap. Always runs with {@code export.scale.rows} (3,000 by default); the
 * {@code export-100k} profile runs 100,000 in a JVM capped at 64 MB of heap, which it could not
 * survive if the export held more than a page at a time.
 */
@Tag("load")
class ExportScaleIT {
    static final long LAMBDA_RESPONSE_LIMIT = 6L * 1024 * 1024;

    @Test
    void exportOfEverySignup_staysUnderTheResponseLimit_withFlatMemory() throws Exception {
        // limit 1000 by default, so the always-on run crosses pages; the 100k profile uses 5000, the most
        int rows = Integer.getInteger("export.scale.rows", 3000);
        LocalDeployment deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        // Fictional people, all carrying these markers, so the suite's log check looks for every one.
        String run = Long.toString(System.nanoTime() % 1_000_000L, 36);
        String nameMarker = "Scaleperson" + run;
        String emailMarker = "scale-person-" + run;
        PersonalData.submitted(nameMarker, emailMarker);

        Instant loadStart = Instant.now();
        BulkSignups.load(deployment, rows, nameMarker, emailMarker);
        Duration loadTime = Duration.between(loadStart, Instant.now());

        // The handler as deployed, but with SDK timeouts long enough for moto, which scans in Python
        // through every item on each request (DynamoDB answers a 1 MB page in milliseconds).
        org.peersupport.shared.Env env = deployment.env("ExportSignupsFunction");
        var dynamoDb = software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder()
                .endpointOverride(deployment.endpoint()).region(deployment.region())
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofMinutes(5)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofMinutes(5))
                        .apiCallAttemptTimeout(Duration.ofMinutes(5)))
                .build();
        ExportSignupsHandler handler = new ExportSignupsHandler(env, dynamoDb, java.time.Clock.systemUTC());
        PojoSerializer<APIGatewayV2HTTPResponse> lambdaJson =
                LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, getClass().getClassLoader());
        HeapWatch heap = HeapWatch.start();
        BitSet seen = new BitSet(rows);
        int limit = Integer.getInteger("export.scale.limit", 1000);
        Map<String, String> query = new HashMap<>(Map.of("limit", Integer.toString(limit)));
        List<Long> pageBytes = new ArrayList<>();
        List<Long> pageHeap = new ArrayList<>(); // the largest live heap seen after a GC during each page
        Instant start = Instant.now();
        int pages = 0;
        String link;
        do {
            APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/export-signups.json");
            event.setQueryStringParameters(query);
            APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event, null);
            assertEquals(200, response.getStatusCode(), response.getBody());
            CountingStream out = new CountingStream();
            lambdaJson.toJson(response, out);
            pageBytes.add(out.count);
            assertTrue(out.count < LAMBDA_RESPONSE_LIMIT, "page " + pages + " is " + out.count + " bytes");
            try (CSVParser parser = CSVParser.parse(new StringReader(response.getBody()),
                    CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(false).get())) {
                for (CSVRecord record : parser) {
                    int index = Integer.parseInt(record.get("signupId").substring(6));
                    assertTrue(!seen.get(index), "row " + index + " came twice");
                    seen.set(index);
                }
            }
            link = response.getHeaders().get("Link");
            pages++;
            pageHeap.add(heap.takeIntervalPeak());
            if (link != null) {
                query = new HashMap<>(ExportSignupsIT.nextQuery(link));
            }
        } while (link != null);
        Duration exportTime = Duration.between(start, Instant.now());
        heap.stop();

        assertEquals(rows, seen.cardinality(), "every sign-up exported once");
        long maxPage = pageBytes.stream().mapToLong(Long::longValue).max().orElse(0);
        String report = String.format("export scale: rows=%d limit=%d pages=%d load=%.1fs export=%.1fs (%.0f rows/s) "
                        + "largestResponseBytes=%d peakHeapAfterGcMB=%.1f peakHeapUsedMB=%.1f maxHeapMB=%.0f gcs=%d%n"
                        + "  live heap after GC per page (MB): %s",
                rows, limit, pages, loadTime.toMillis() / 1000.0, exportTime.toMillis() / 1000.0,
                rows / Math.max(0.001, exportTime.toMillis() / 1000.0), maxPage, heap.peakAfterGc() / 1048576.0,
                heap.peakUsed() / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0, heap.collections(),
                pageHeap.stream().map(b -> String.format("%.1f", b / 1048576.0)).toList());
        System.out.println(report);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "export-scale-" + rows + ".txt"), report + "\n");
    }

    /** Counts bytes, keeps none. */
    static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
        }
    }

    /** Peak heap in use after each collection (the live set), and peak heap in use at all. */
    static final class HeapWatch {
        private final AtomicLong peakAfterGc = new AtomicLong();
        private final AtomicLong intervalPeak = new AtomicLong();
        private final AtomicLong collections = new AtomicLong();
        private final List<Runnable> undo = new ArrayList<>();

        static HeapWatch start() {
            System.gc();
            HeapWatch watch = new HeapWatch();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            NotificationListener listener = (notification, handback) -> {
                if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
                    GarbageCollectionNotificationInfo info =
                            GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                    long used = 0;
                    for (Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        if (!pool.getKey().contains("Metaspace") && !pool.getKey().contains("Code")
                                && !pool.getKey().contains("Compressed")) {
                            used += pool.getValue().getUsed();
                        }
                    }
                    watch.peakAfterGc.accumulateAndGet(used, Math::max);
                    watch.intervalPeak.accumulateAndGet(used, Math::max);
                    watch.collections.incrementAndGet();
                }
            };
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                NotificationEmitter emitter = (NotificationEmitter) gc;
                emitter.addNotificationListener(listener, null, null);
                watch.undo.add(() -> {
                    try {
                        emitter.removeNotificationListener(listener);
                    } catch (javax.management.ListenerNotFoundException ignored) {
                        // already gone
                    }
                });
            }
            return watch;
        }

        void stop() {
            undo.forEach(Runnable::run);
        }

        long peakAfterGc() {
            return peakAfterGc.get();
        }

        /** The largest live heap after a GC since the last call (0 when no GC ran). */
        long takeIntervalPeak() {
            return intervalPeak.getAndSet(0);
        }

        long collections() {
            return collections.get();
        }

        long peakUsed() {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            return peak;
        }
    }
}
