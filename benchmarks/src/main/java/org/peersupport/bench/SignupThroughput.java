package org.peersupport.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.peersupport.local.LocalServer;
import org.peersupport.testkit.PersonalData;
import org.peersupport.testkit.Repo;

/**
 * Sign-ups per second through the local server (API Gateway and Lambda played from template.yaml,
 * moto behind them, confirmation emails sent from the stream as they come), with N concurrent
 * clients on loopback, each posting fresh people as fast as answers come back, for a bounded time
 * and count. Run twice: with the template's own throttle on the sign-up route (what a flood meets)
 * and with that throttle lifted (what the function and moto can take). Every client is 127.0.0.1,
 * so the per-IP limit is raised for the run (it answers 202 without storing anything over it).
 *
 * <p>Usage: {@code SignupThroughput <seconds per level> <clients>...}
 */
public final class SignupThroughput {
    static final int MAX_REQUESTS_PER_LEVEL = 5000;
    static final String ROUTE_THROTTLE = "\"POST /groups/{groupId}/signups\":\n          ThrottlingBurstLimit: 20\n"
            + "          ThrottlingRateLimit: 10\n";

    private SignupThroughput() {
    }

    record Level(int clients, int requests, Map<Integer, Integer> statuses, List<Double> latenciesMs, double seconds) {
        int count(int status) {
            return statuses.getOrDefault(status, 0);
        }

        /** Answers other than 202 and 429, by status ({@code -1}: no answer within the client's 30 s). */
        String others() {
            StringBuilder out = new StringBuilder();
            new java.util.TreeMap<>(statuses).forEach((status, n) -> {
                if (status != 202 && status != 429) {
                    out.append(out.length() == 0 ? "" : ", ").append(status).append(" ×").append(n);
                }
            });
            return out.length() == 0 ? "0" : out.toString();
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[0]);
        List<Integer> levels = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            levels.add(Integer.parseInt(args[i]));
        }
        Path results = Path.of(System.getProperty("bench.results", "benchmarks/target/results/signup-throughput.md"));
        String template = Files.readString(Repo.root().resolve("template.yaml"), StandardCharsets.UTF_8);
        if (!template.contains(ROUTE_THROTTLE)) {
            throw new IllegalStateException("template.yaml's sign-up throttle is not where this benchmark expects it");
        }
        Path unthrottled = Files.createTempFile("template-unthrottled", ".yaml");
        Files.writeString(unthrottled, template.replace(ROUTE_THROTTLE, ROUTE_THROTTLE
                .replace("BurstLimit: 20", "BurstLimit: 100000").replace("RateLimit: 10", "RateLimit: 100000")));

        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "`POST /groups/{groupId}/signups` (JSON, a new person each time) through "
                + "LocalServer in one JVM (%s), %d s per level (at most %,d requests), clients on 127.0.0.1.%n%n",
                ColdStart.jvmVersion(Path.of(System.getProperty("java.home"), "bin", "java").toString()), seconds,
                MAX_REQUESTS_PER_LEVEL));
        table.append("| route throttle | clients | requests | 202 | 429 | other | accepted/s | p50 ms | p99 ms |\n");
        table.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (boolean throttled : List.of(true, false)) {
            Path file = throttled ? Repo.root().resolve("template.yaml") : unthrottled;
            LocalServer.Options options = new LocalServer.Options(LocalServer.DEFAULT_HOST, 0,
                    Map.of("SignupsPerIpPerHour", "1000000"), "b" + UUID.randomUUID().toString().substring(0, 8) + "-", file);
            try (LocalServer server = LocalServer.start(options)) {
                URI url = server.url().resolve("/groups/" + ColdStart.GROUP + "/signups");
                run(url, levels.stream().max(Integer::compare).orElse(1), 2); // warms as many containers as the most clients need; not counted
                for (int clients : levels) {
                    Thread.sleep(2000); // lets the throttle's bucket refill between levels
                    Level level = run(url, clients, seconds);
                    String row = String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %s | %.1f | %.0f | %.0f |%n",
                            throttled ? "template's (10/s, burst 20)" : "lifted", clients, level.requests(), level.count(202),
                            level.count(429), level.others(),
                            level.count(202) / level.seconds(), Stats.median(level.latenciesMs(), d -> d),
                            Stats.percentile(level.latenciesMs(), d -> d, 99));
                    System.out.print(row);
                    table.append(row);
                }
            }
        }
        Files.deleteIfExists(unthrottled);
        table.append("\nBehind each 202: the per-IP and per-address counters, the group read, two KMS MACs and the "
                + "sign-up's transaction in moto; the local stream source then runs send-confirmation for each stored "
                + "sign-up in the same JVM, competing for the same two cores.\n");
        Files.createDirectories(results.toAbsolutePath().getParent());
        Files.writeString(results, table.toString());
        System.out.println(table);
    }

    static Level run(URI url, int clients, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicInteger budget = new AtomicInteger(MAX_REQUESTS_PER_LEVEL);
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(clients);
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread client = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                        long t0 = System.nanoTime();
                        int status = post(url);
                        latencies.add((System.nanoTime() - t0) / 1e6);
                        statuses.merge(status, 1, Integer::sum);
                    }
                } finally {
                    done.countDown();
                }
            });
            client.setDaemon(true);
            client.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        return new Level(clients, latencies.size(), statuses, new ArrayList<>(latencies), elapsed);
    }

    private static int post(URI url) {
        PersonalData.Person person = PersonalData.person();
        String body = String.format("{\"firstName\":\"%s\",\"email\":\"%s\",\"phone\":\"%s\",\"forWhom\":\"self\","
                + "\"language\":\"en\",\"consent\":true}", person.firstName(), person.email(), person.phone());
        try {
            HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
            connection.setConnectTimeout(5000);
            connection.setReadTimeout(30_000);
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                if (in != null) {
                    in.readAllBytes();
                }
            }
            return status;
        } catch (IOException e) {
            return -1;
        }
    }
}
