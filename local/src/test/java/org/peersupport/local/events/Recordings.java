package org.peersupport.local.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.peersupport.local.echo.EchoHandler;
import org.peersupport.local.lambda.LambdaFunction;

/** Test functions from the test classes, and the events they recorded. */
final class Recordings {
    static {
        try {
            System.setProperty("local.test.recordings", Files.createTempDirectory("recordings").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Recordings() {
    }

    static LambdaFunction function(String handlerClass, Duration timeout) {
        try {
            Path classes = Path.of(EchoHandler.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new LambdaFunction(handlerClass.substring(handlerClass.lastIndexOf('.') + 1), "test-function",
                    handlerClass + "::handleRequest", classes, timeout, 128, Map.of("AWS_REGION", "us-east-1"));
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The events a test function recorded so far, oldest first. */
    static List<String> events(String simpleName) {
        Path dir = Path.of(System.getProperty("local.test.recordings"), simpleName);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> events = new ArrayList<>();
            for (Path file : files.sorted().toList()) {
                events.add(Files.readString(file, StandardCharsets.UTF_8));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (bounded) until a test function has recorded at least {@code count} events. */
    static List<String> await(String simpleName, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<String> events = events(simpleName);
        while (events.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            events = events(simpleName);
        }
        return events;
    }
}
