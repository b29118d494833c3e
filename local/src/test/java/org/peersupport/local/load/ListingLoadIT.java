package org.peersupport.local.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.peersupport.local.LocalServer;
import org.peersupport.testkit.Repo;

/**
 * {@code READERS} readers fetching the public listing at once, through the local server
 * (API Gateway and the list-groups function from its jar, over moto): how the template's own
 * throttle (burst 100, 50/s for the stage) answers the crowd, and, with that throttle lifted, the
 * throughput and latency the local stack itself gives (else the figure would be the throttle's).
 * Reads only, so moto's lack of transaction isolation plays no part: the JVM's shared moto_server
 * serves it. Sizes: {@code -Dload.readers=100 -Dload.reads=20}; figures in
 * {@code local/target/load-listing.txt}.
 *
 * <p>What is asserted holds on any machine: every reader is answered, some with the listing, and
 * every answer is the listing, the gateway's 429, or a calm overload answer (the gateway's own 503
 * past the integration timeout or 500 when the function runs out of time, or the function's own 503
 * with {@code Retry-After}), never anything else. How many of each, and how fast, depends on how
 * loaded the machine is: that is the figure, not an assertion (on a machine running three builds
 * at once, half or all of the lifted run's reads were answered 503 before a warm instance was
 * made sure of).
 */
@Tag("load")
class ListingLoadIT {
    static final int READERS = Integer.getInteger("load.readers", 100);
    static final int READS = Integer.getInteger("load.reads", 20);
    static final List<String> FIGURES = Collections.synchronizedList(new ArrayList<>());
    static LocalServer server;

    @BeforeAll
    static void start() throws Exception {
        server = LocalServer.start(options(Repo.root().resolve("template.yaml")));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        Path out = Repo.root().resolve("local/target/load-listing.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, String.join("\n", FIGURES) + "\n", StandardCharsets.UTF_8);
    }

    static LocalServer.Options options(Path template) {
        return new LocalServer.Options(LocalServer.DEFAULT_HOST, 0, Map.of(),
                "r" + UUID.randomUUID().toString().substring(0, 8) + "-", template);
    }

    @Test
    void listing_hundredConcurrentReaders_throughputAndLatency() throws Exception {
        // As the template sets it: the stage's throttle (burst 100, 50/s) answers the surplus with 429.
        readers(server.url(), 10, 1); // a few instances warm
        untilTheListingAnswers(server.url());
        Thread.sleep(2000); // the bucket full again
        Reads throttled = readers(server.url(), READERS, 5);
        Map<Integer, Integer> throttledRun = throttled.statuses();
        FIGURES.add("LOAD listing, template's throttle: readers=" + READERS + " requests=" + READERS * 5 + " statuses=" + throttledRun);
        assertEquals(READERS * 5, throttledRun.values().stream().mapToInt(Integer::intValue).sum(), "every reader answered");
        assertTrue(throttledRun.getOrDefault(200, 0) > 0, "some readers got the listing: " + throttledRun);
        assertEquals(List.of(), throttled.unexpected(), "only the listing, the gateway's 429 or a calm overload answer");

        // The same crowd with the stage's throttle lifted: what the local stack itself sustains.
        String template = Files.readString(Repo.root().resolve("template.yaml"), StandardCharsets.UTF_8);
        String lifted = template.replace("ThrottlingBurstLimit: 100\n        ThrottlingRateLimit: 50",
                "ThrottlingBurstLimit: 1000000\n        ThrottlingRateLimit: 1000000");
        assertTrue(!lifted.equals(template), "the stage's default throttle was found in template.yaml");
        Path file = Files.createTempFile("template-unthrottled", ".yaml");
        Files.writeString(file, lifted, StandardCharsets.UTF_8);
        try (LocalServer open = LocalServer.start(options(file))) {
            readers(open.url(), READERS, 2); // warm: instances built, listing cached
            untilTheListingAnswers(open.url());
            Reads run = readers(open.url(), READERS, READS);
            String figure = String.format("LOAD listing, throttle lifted: readers=%d requests=%d seconds=%.2f "
                            + "throughputPerSecond=%.0f p50ms=%d p99ms=%d maxms=%d statuses=%s",
                    READERS, READERS * READS, run.millis() / 1000.0, READERS * READS * 1000.0 / run.millis(),
                    percentile(run.latencies(), 50), percentile(run.latencies(), 99), percentile(run.latencies(), 100),
                    run.statuses());
            FIGURES.add(figure);
            System.out.println(figure);
            assertEquals(READERS * READS, run.statuses().values().stream().mapToInt(Integer::intValue).sum(),
                    "every reader answered");
            assertTrue(run.statuses().getOrDefault(200, 0) > 0, "some readers got the listing: " + run.statuses());
            assertEquals(List.of(), run.unexpected(), "only the listing or a calm overload answer");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * One reader at a time until one gets the listing, so that at least one instance holds it (it
     * serves it, stale if need be, when a refresh fails). On a starved machine a hundred instances
     * loading it from moto at once can all run out of time, and then none would.
     */
    static void untilTheListingAnswers(URI base) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (http.send(HttpRequest.newBuilder(base.resolve("/groups")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the listing answered no single reader within 180 s");
            Thread.sleep(1000);
        }
    }

    /** @param unexpected answers other than the listing, the gateway's 429 or a calm overload answer (a few kept) */
    record Reads(Map<Integer, Integer> statuses, List<Long> latencies, long millis, List<String> unexpected) {
    }

    /**
     * The listing (200, JSON with its groups), the gateway's 429 or its 500 or 503 ({@code message}),
     * or the function's own 503 ({@code error}, with {@code Retry-After}): the answers a reader may get.
     */
    static boolean expected(HttpResponse<String> response) {
        String body = response.body();
        return switch (response.statusCode()) {
            case 200 -> body.startsWith("{") && body.contains("\"groups\"");
            case 429, 500 -> body.contains("\"message\"");
            case 503 -> body.contains("\"message\"")
                    || body.contains("\"error\"") && response.headers().firstValue("Retry-After").isPresent();
            default -> false;
        };
    }

    /** {@code readers} clients at once, each reading the listing {@code reads} times in a row. */
    static Reads readers(URI base, int readers, int reads) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(readers);
        CountDownLatch go = new CountDownLatch(1);
        Map<Integer, Integer> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> futures = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            futures.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < reads; i++) {
                    long started = System.nanoTime();
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/groups"))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                    latencies.add((System.nanoTime() - started) / 1_000_000);
                    statuses.merge(response.statusCode(), 1, Integer::sum);
                    if (!expected(response) && unexpected.size() < 5) {
                        unexpected.add(response.statusCode() + " " + response.headers().map() + " "
                                + response.body().substring(0, Math.min(200, response.body().length())));
                    }
                }
                return null;
            }));
        }
        long started = System.nanoTime();
        go.countDown();
        // Bounded: each read waits at most its 30 s timeout, and the gateway answers well within it.
        long deadline = started + TimeUnit.SECONDS.toNanos(31L * reads + 30);
        for (Future<?> future : futures) {
            future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        pool.shutdownNow();
        return new Reads(new java.util.TreeMap<>(statuses), latencies, millis, List.copyOf(unexpected));
    }

    static long percentile(List<Long> values, int p) {
        return SignupLoadIT.percentile(values, p);
    }
}
