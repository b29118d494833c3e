package org.peersupport.local.echo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test functions for event sources, needing only the JDK: each invocation's event is written to a
 * file in {@code <local.test.recordings>/<class name>/}, numbered in order. Subclasses give each
 * test its own name, and {@link Failing} fails on purpose.
 */
public class RecordingHandler {
    private static final AtomicLong COUNT = new AtomicLong();

    public void handleRequest(InputStream in, OutputStream out) throws IOException {
        String event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        long n = record(getClass().getSimpleName(), event);
        out.write(respond(event, n).getBytes(StandardCharsets.UTF_8));
    }

    /** What the function answers; the base class succeeds. */
    protected String respond(String event, long invocation) {
        return "null";
    }

    static long record(String name, String event) throws IOException {
        Path dir = Path.of(System.getProperty("local.test.recordings", System.getProperty("java.io.tmpdir")), name);
        Files.createDirectories(dir);
        long n = COUNT.incrementAndGet();
        Files.writeString(dir.resolve(String.format("%06d.json", n)), event, StandardCharsets.UTF_8);
        return n;
    }

    /** Always throws (after recording the attempt). */
    public static class Failing extends RecordingHandler {
        @Override
        protected String respond(String event, long invocation) {
            throw new IllegalStateException("failing on purpose");
        }
    }

    /** The same, under its own name, for the stream test. */
    public static class Streamed extends RecordingHandler {
    }

    /** The same, under its own name, for the played schedule and topic; answers how many it has seen. */
    public static class Played extends RecordingHandler {
        @Override
        protected String respond(String event, long invocation) {
            return "{\"seen\": " + invocation + "}";
        }
    }
}
