package org.peersupport.testkit;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An AWS-compatible endpoint for tests, the local run and benchmarks: the one {@code AWS_ENDPOINT_URL}
 * names, or else a {@code moto_server} started on a free loopback port for the life of this JVM,
 * behind this JVM's {@link EndpointProxy} (which gives DynamoDB the isolation moto lacks). Once
 * known, the proxy's address is set as the {@code aws.endpointUrl} system property, which every SDK
 * client built afterwards in this JVM honours, so handlers need no test-only code path.
 */
public final class Moto {
    private static URI endpoint;
    private static EndpointProxy proxy;
    private static Process process;

    private Moto() {
    }

    /** The endpoint (the proxy in front of it), starting moto on first use. */
    public static synchronized URI endpoint() {
        if (endpoint == null) {
            String configured = System.getenv("AWS_ENDPOINT_URL");
            proxy = EndpointProxy.start(configured != null && !configured.isBlank() ? URI.create(configured) : start());
            endpoint = proxy.endpoint();
            System.setProperty("aws.endpointUrl", endpoint.toString());
        }
        return endpoint;
    }

    /** What the proxy forwards to: moto_server started here, or {@code AWS_ENDPOINT_URL}. */
    public static synchronized URI target() {
        endpoint();
        return proxy.target();
    }

    /** This JVM's proxy in front of the endpoint. */
    public static synchronized EndpointProxy proxy() {
        endpoint();
        return proxy;
    }

    /**
     * Whether a connection to {@code host:port} is one to the endpoint (the proxy, or what it
     * forwards to on loopback): the fuzz tests allow these and no other (Jazzer's network sanitizer).
     */
    public static boolean isEndpoint(String host, int port) {
        URI target = target();
        return (host.equals("127.0.0.1") || host.equals("localhost"))
                && (port == endpoint().getPort() || port == target.getPort() && isLoopback(target.getHost()));
    }

    private static boolean isLoopback(String host) {
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    }

    /** Whether the endpoint is a moto started here (some checks read moto's own API). */
    public static synchronized boolean isOwnMoto() {
        return process != null;
    }

    private static URI start() {
        int port = freePort();
        process = launch(port, Path.of(System.getProperty("java.io.tmpdir"), "moto-" + port + ".log"));
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started)));
        return URI.create("http://127.0.0.1:" + port);
    }

    /**
     * Starts moto on a loopback port and waits until it answers, through {@code scripts/moto-server}
     * (a transaction that fails a condition is cancelled before it writes, as in DynamoDB). Never
     * moto_server as it is: its transactions are not isolated, and tests of concurrency would pass
     * or fail by chance.
     */
    private static Process launch(int port, Path log) {
        List<List<String>> commands = new ArrayList<>();
        String configured = System.getenv("MOTO_SERVER");
        if (configured != null && !configured.isBlank()) {
            commands.add(List.of(configured));
        } else {
            String python = Files.isExecutable(Repo.root().resolve(".venv/bin/moto_server"))
                    ? Repo.root().resolve(".venv/bin/python3").toString() : "python3";
            commands.add(List.of(python, Repo.root().resolve("scripts/moto-server").toString()));
        }
        IllegalStateException failure = null;
        for (List<String> command : commands) {
            List<String> full = new ArrayList<>(command);
            full.addAll(List.of("-H", "127.0.0.1", "-p", Integer.toString(port)));
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("MOTO_PORT", Integer.toString(port));
            enforceTotp(builder);
            Process started;
            try {
                started = builder.start();
            } catch (IOException e) {
                failure = new IllegalStateException("Could not start moto_server (" + String.join(" ", command)
                        + "). Run ./run-tests, which installs it into .venv, or set AWS_ENDPOINT_URL to a running endpoint.", e);
                continue;
            }
            try {
                waitUntilUp(started, URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(60), log);
                return started;
            } catch (IllegalStateException e) {
                stop(started);
                failure = e;
            }
        }
        throw failure;
    }

    /**
     * A moto_server of a test's own on a given loopback port, apart from the JVM's shared one: a
     * test that stops and restarts its endpoint uses this, so other tests are not disturbed.
     */
    public static final class Server implements AutoCloseable {
        private final int port;
        private Process process;

        public Server(int port) {
            this.port = port;
        }

        public static int freeLoopbackPort() {
            return freePort();
        }

        public URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        /** Starts it and waits until it answers. */
        public synchronized Server start() {
            process = launch(port, Path.of(System.getProperty("java.io.tmpdir"), "moto-own-" + port + ".log"));
            Process started = process;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(started)));
            return this;
        }

        /** Kills it, as a crash would; what it held is gone. */
        public synchronized void kill() {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                try {
                    process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                process = null;
            }
        }

        @Override
        public void close() {
            kill();
        }
    }

    /**
     * Staff sign in with a TOTP code, and moto's user pools check it only when told to: without
     * this, any six digits would pass and the tests of MFA would prove nothing.
     */
    static void enforceTotp(ProcessBuilder builder) {
        builder.environment().put("MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP", "true");
    }

    private static void waitUntilUp(Process process, URI uri, Duration timeout, Path log) {
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
