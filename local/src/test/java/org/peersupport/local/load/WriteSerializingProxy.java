package org.peersupport.local.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback proxy in front of moto_server that lets reads through side by side but sends
 * DynamoDB writes (PutItem, UpdateItem, DeleteItem, BatchWriteItem, TransactWriteItems) one at a
 * time (a rate-limit counter's single-item update excepted, see {@link #isRateCounter}). moto runs
 * a transaction without isolation — it snapshots whole tables and puts them back
 * when the transaction is cancelled — so under concurrent requests a cancelled transaction can
 * undo another request's committed write, which DynamoDB never does. One write at a time restores
 * what DynamoDB guarantees for the load test, and nothing more (the same reasoning as
 * send-confirmation's Mailroom.atomicWrites, which does it inside one JVM's clients; the load
 * test's functions run from their own jars, so it is done on the wire here).
 */
final class WriteSerializingProxy implements AutoCloseable {
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");
    /** Headers java.net.http sets itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ReentrantLock writes = new ReentrantLock(true);
    private final AtomicInteger serialized = new AtomicInteger();

    WriteSerializingProxy(URI target) throws IOException {
        if (!InetAddress.getByName(target.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("loopback only");
        }
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "moto-proxy-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** DynamoDB writes that went through the one-at-a-time lane. */
    int serializedWrites() {
        return serialized.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(path)).timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
                if (!RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    for (String value : header.getValue()) {
                        request.header(header.getKey(), value);
                    }
                }
            }
            String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            boolean write = amzTarget != null && amzTarget.startsWith("DynamoDB_")
                    && WRITES.contains(amzTarget.substring(amzTarget.indexOf('.') + 1))
                    && !isRateCounter(amzTarget, body);
            HttpResponse<byte[]> response;
            if (write) {
                writes.lock();
                try {
                    serialized.incrementAndGet();
                    response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                } finally {
                    writes.unlock();
                }
            } else {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            response.headers().map().forEach((name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) && !name.equals(":status")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(name, v));
                }
            });
            byte[] out = response.body();
            exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream stream = exchange.getResponseBody()) {
                    stream.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A rate-limit counter's update (create-signup counts the source IP with one, before anything
     * else): a single-item update, which moto applies on its own; what it lacks is isolation of
     * transactions, and those stay in the lane. Left out of the lane, the sign-ups' own writes are
     * not made to queue behind every submission's count.
     */
    private static boolean isRateCounter(String amzTarget, byte[] body) {
        return amzTarget.endsWith(".UpdateItem")
                && new String(body, java.nio.charset.StandardCharsets.UTF_8).contains("RateLimitsTable\"");
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
