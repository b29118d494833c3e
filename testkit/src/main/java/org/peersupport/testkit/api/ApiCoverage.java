package org.peersupport.testkit.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * What this JVM checked against {@code openapi.yaml}: how many exchanges of each route and status,
 * and the failure message of every exchange the document did not describe. It is written to the
 * directory the {@value #DIRECTORY_PROPERTY} system property names (surefire and failsafe set it
 * to each module's {@code target/api-exchanges}), one file per JVM, and log-check sums every
 * module's after the whole suite. Holds route keys, statuses and failure messages only, never a
 * body or a query value.
 *
 * <p>Uses no validator class, so the JUnit extension that reads it loads in any test JVM.
 */
public final class ApiCoverage {
    public static final String DIRECTORY_PROPERTY = "peersupport.apiExchanges";
    private static final String FILE = "exchanges-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID() + ".tsv";

    private static final Map<String, Map<Integer, Long>> COUNTS = new TreeMap<>();
    private static final List<String> FAILURES = new ArrayList<>();
    /** Failures seen off the running test's thread, for the JUnit extension to fail that test with. */
    private static final List<String> UNREPORTED = new ArrayList<>();
    private static volatile Thread testThread;
    private static boolean hooked;

    /** The counts of a whole suite, or of one JVM. */
    public record Tally(Map<String, Map<Integer, Long>> counts, List<String> failures) {
        public long checked(String routeKey) {
            return counts.getOrDefault(routeKey, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }

        public long total() {
            return counts.keySet().stream().mapToLong(this::checked).sum();
        }
    }

    private ApiCoverage() {
    }

    /**
     * Counts one checked exchange; a failure is kept for the suite's tally and, unless it is
     * about to be thrown on the running test's own thread, for that test to fail with.
     */
    static synchronized void checked(String routeKey, int status, String failure, boolean thrownOnTestThread) {
        hookOnce();
        COUNTS.computeIfAbsent(routeKey, k -> new TreeMap<>()).merge(status, 1L, Long::sum);
        if (failure != null) {
            FAILURES.add(failure);
            if (!thrownOnTestThread) {
                UNREPORTED.add(failure);
            }
        }
    }

    /** Whether the calling thread is the running test's (set by the JUnit extension). */
    static boolean onTestThread() {
        return Thread.currentThread() == testThread;
    }

    static void testStarted() {
        testThread = Thread.currentThread();
    }

    /** The failures no test has been failed with yet; each is handed out once. */
    static synchronized List<String> takeUnreported() {
        List<String> taken = List.copyOf(UNREPORTED);
        UNREPORTED.clear();
        return taken;
    }

    /** Writes this JVM's counts and failures (replacing what it wrote before). */
    public static synchronized void write() {
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory == null || directory.isBlank() || COUNTS.isEmpty()) {
            return;
        }
        StringBuilder out = new StringBuilder();
        COUNTS.forEach((route, statuses) -> statuses.forEach((status, count) ->
                out.append("checked\t").append(route).append('\t').append(status).append('\t').append(count).append('\n')));
        for (String failure : FAILURES) {
            out.append("failed\t").append(failure.replace("\\", "\\\\").replace("\n", "\\n").replace('\t', ' ')).append('\n');
        }
        try {
            Path dir = Path.of(directory);
            Files.createDirectories(dir);
            Path partial = dir.resolve(FILE + ".partial");
            Files.writeString(partial, out, StandardCharsets.UTF_8);
            Files.move(partial, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What the files {@code include} accepts in the given directories ({@code target/api-exchanges}
     * of each module) hold; missing directories are skipped.
     */
    public static Tally read(Collection<Path> directories, Predicate<Path> include) {
        Map<String, Map<Integer, Long>> counts = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Path directory : directories) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            try (Stream<Path> files = Files.list(directory)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".tsv")).filter(include).sorted().toList()) {
                    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                        String[] fields = line.split("\t");
                        if (fields[0].equals("checked") && fields.length == 4) {
                            counts.computeIfAbsent(fields[1], k -> new TreeMap<>())
                                    .merge(Integer.parseInt(fields[2]), Long.parseLong(fields[3]), Long::sum);
                        } else if (fields[0].equals("failed") && fields.length == 2) {
                            failures.add(fields[1].replace("\\n", "\n").replace("\\\\", "\\"));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Tally(counts, failures);
    }

    private static void hookOnce() {
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(ApiCoverage::write, "api-coverage"));
        }
    }
}
