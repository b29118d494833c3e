package org.peersupport.bench.warm;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A warm container's request, per function: the handler wired as in Lambda, its SDK clients over
 * {@link CannedHttpClient} (answers recorded from moto; no network), serving its recorded event
 * again and again. {@code list-groups} is the listing with the container's cache hot (no I/O, the
 * rendered JSON kept); {@code list-groups-render} keeps the groups but renders the JSON on every
 * request; {@code list-groups-cold-cache} refreshes both on every request (two scans through the SDK).
 * C1 only, as JAVA_TOOL_OPTIONS sets it in template.yaml.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx870m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WarmPath {
    @Param({"list-groups", "list-groups-render", "list-groups-cold-cache", "create-signup", "withdraw-signup", "send-confirmation",
        "export-signups", "manage-groups", "erase-signups", "list-audit"})
    public String function;

    private Recording.Served served;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        boolean listing = function.startsWith("list-groups");
        served = Replay.served(listing ? "list-groups" : function,
                function.equals("list-groups-cold-cache") ? Duration.ZERO : Duration.ofHours(1),
                function.equals("list-groups-render"));
    }

    @Benchmark
    public int request() throws Exception {
        return served.serve();
    }
}
