package org.peersupport.testkit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * An AWS-compatible endpoint for tests, the local run and benchmarks: the one {@code AWS_ENDPOINT_URL}
 * names, or else a {@code moto_server} started on a free loopback port for the life of this JVM.
 * Once known, the endpoint is set as the {@code aws.endpointUrl} system property, which every SDK
 * client built afterwards in this JVM honours, so handlers need no test-only code path.
 */
public final class Moto {
    private static URI endpoint;
    private static Process process;

    private Moto() {
    }

    /** The endpoint, starting moto on first use. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            String configured = System.getenv("AWS_ENDPOINT_URL");
            endpoint = configured != null && !configured.isBlank() ? URI.create(configured) : start();
            System.setProperty("aws.endpointUrl", endpoint.toString());
        }
        return endpoint;
    }

    /** Whether the endpoint is a moto started here (some checks read moto's own API). */
    public static synchronized boolean isOwnMoto() {
        return process != null;
    }

    private static URI start() {
        int port = freePort();
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "moto-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(executable(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Could not start moto_server (" + executable() + "). Run ./run-tests, "
                    + "which installs it into .venv, or set AWS_ENDPOINT_URL to a running endpoint.", e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started)));
        URI uri = URI.create("http://127.0.0.1:" + port);
        waitUntilUp(uri, Duration.ofSeconds(60), log);
        return uri;
    }

    /** moto_server from MOTO_SERVER, the project's .venv, or PATH, in that order. */
    static String executable() {
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return Tools.python("moto_server");
    }

    private static void waitUntilUp(URI uri, Duration timeout, Path log) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited at start; see " + log);
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) uri.resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2000);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("moto_server did not answer within " + timeout.toSeconds() + " s; see " + log);
    }

    static void stop(Process started) {
        started.descendants().forEach(ProcessHandle::destroy);
        started.destroy();
        try {
            if (!started.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                started.descendants().forEach(ProcessHandle::destroyForcibly);
                started.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
