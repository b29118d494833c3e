package org.peersupport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.code_intelligence.jazzer.api.BugDetectors;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What every handler fuzz test does around its own request shape and assertions: learns the
 * handler's own words ({@link Echoes}), runs each input with only the AWS endpoint reachable
 * ({@link FuzzedCall}: no 5xx for input the client controls), counts inputs, answers to a slowed
 * endpoint and the test's own outcomes, checks that nothing submitted comes back in the answer or
 * the log, and prints the test's {@code FUZZ} line (which {@code scripts/fuzz} and RELIABILITY.md
 * quote).
 */
public final class FuzzHarness {
    private final String name;
    private final DynamoWrites writes;
    private final Echoes echoes = new Echoes();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private long executions;
    private long slowEndpoint;

    /**
     * @param name    the function, as the {@code FUZZ} line names it
     * @param writes  the handler's client's writes, or null for a handler that has no client
     * @param counted the test's own outcomes, reported in this order
     */
    public FuzzHarness(String name, DynamoWrites writes, String... counted) {
        this.name = name;
        this.writes = writes;
        for (String outcome : counted) {
            counts.put(outcome, 0L);
        }
    }

    /** Adds text the handler produces by itself ({@link Echoes#learn}). */
    public void learn(String text) {
        echoes.learn(text);
    }

    /** Adds what the handler answers and logs to a baseline request ({@link Echoes#learnFrom}). */
    public void learnFrom(Supplier<APIGatewayV2HTTPResponse> baseline) {
        echoes.learnFrom(baseline);
    }

    /**
     * Runs one fuzzed request. Jazzer's network sanitizer is set for each input (fuzzing resets
     * it): the endpoint on loopback, nothing else.
     */
    public FuzzedCall run(Supplier<APIGatewayV2HTTPResponse> request) {
        BugDetectors.allowNetworkConnections(Moto::isEndpoint);
        FuzzedCall call = FuzzedCall.run(request, writes);
        executions++;
        if (call.slowEndpoint()) {
            slowEndpoint++; // a part-done write is then the handler's to clean up or retry, as in the fault tests
        }
        return call;
    }

    /** Counts one of the test's own outcomes. */
    public void count(String outcome) {
        counts.merge(outcome, 1L, Long::sum);
    }

    /** Fails if a value sent is in what the answer shows, once the names it gives back by design are taken out. */
    public void assertNotInAnswer(String shown, Collection<String> sent, Collection<String> namedBack) {
        List<String> found = echoes.foundIn(shown, sent, namedBack);
        assertEquals(List.of(), found, () -> "the answer repeats what was sent: " + found + " in\n" + shown);
    }

    /** Fails if a value sent is in what the handler logged. */
    public void assertNotInLog(String output, Collection<String> sent) {
        assertEquals(List.of(), echoes.foundIn(output, sent), "the log repeats what was sent");
    }

    /** Both: nothing sent in the whole answer (but {@code namedBack}) or in the log. */
    public void assertNotEchoed(FuzzedCall call, Collection<String> sent, Collection<String> namedBack) {
        assertNotInAnswer(Echoes.text(call.response()), sent, namedBack);
        assertNotInLog(call.output(), sent);
    }

    /** Prints the test's {@code FUZZ} line: inputs run, its own outcomes, writes and slowed-endpoint answers. */
    public void report() {
        StringBuilder line = new StringBuilder("FUZZ ").append(name).append(": executions=").append(executions);
        counts.forEach((outcome, count) -> line.append(' ').append(outcome).append('=').append(count));
        if (writes != null) {
            line.append(" writes=").append(writes.count());
        }
        System.out.println(line.append(" slowEndpoint503=").append(slowEndpoint));
    }
}
