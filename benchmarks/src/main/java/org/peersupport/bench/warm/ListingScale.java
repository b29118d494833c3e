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
 * {@code GET /groups} over 10, 100 and 1,000 groups: {@code hot}, the groups and their rendered
 * JSON cached; {@code render}, the groups cached but next meetings, sorting, JSON and ETag for every
 * group on each request; {@code refresh}, plus two scans through the SDK on each request (answers
 * canned from moto).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx870m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ListingScale {
    @Param({"10", "100", "1000"})
    public int groups;

    @Param({"hot", "render", "refresh"})
    public String cache;

    private Recording.Served served;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        served = Replay.served("listing-" + groups, cache.equals("refresh") ? Duration.ZERO : Duration.ofHours(1),
                cache.equals("render"));
    }

    @Benchmark
    public int request() throws Exception {
        return served.serve();
    }
}
