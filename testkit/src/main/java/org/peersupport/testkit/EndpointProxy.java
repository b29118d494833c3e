package org.peersupport.testkit;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A loopback proxy in front of the AWS endpoint that gives DynamoDB the isolation moto lacks.
 *
 * <p>moto runs {@code TransactWriteItems} by snapshotting whole tables and putting the snapshot
 * back when the transaction is cancelled, and checks a condition and applies a write as two
 * steps. Under concurrent requests a cancelled transaction can so undo another request's committed
 * write (a deleted sign-up comes back and is withdrawn twice), a reader can see a write that is
 * about to be rolled back, and two conditional claims can both pass. DynamoDB's transactions are
 * serializable. Here every DynamoDB request that changes something runs alone (an exclusive lock),
 * and reads run side by side but never during a write (a shared lock), so moto behaves as DynamoDB
 * does, and the tests can assert DynamoDB's guarantees exactly. Every other service's requests
 * (KMS, SES, SQS, DynamoDB Streams) pass straight through; {@link #whileNoWrite} lets a stream
 * reader in this JVM take the shared lock around its own reads.
 *
 * <p>One proxy per endpoint per JVM ({@link Moto#endpoint()} starts it): every client in the JVM,
 * the functions run from their jars by the local server included, goes through it.
 */
public final class EndpointProxy implements AutoCloseable {
    /** DynamoDB operations that change nothing; every other DynamoDB operation is a write. */
    static final Set<String> DYNAMODB_READS = Set.of("GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems",
            "DescribeTable", "ListTables", "DescribeTimeToLive", "DescribeContinuousBackups", "ListTagsOfResource",
            "DescribeEndpoints", "DescribeLimits");
    /** Headers java.net.http sets itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");
    private static final Map<URI, EndpointProxy> SERVING = new ConcurrentHashMap<>();

    private final URI target;
    private final HttpServer server;
    private final ExecutorService threads;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    // Fair, so that a stream of reads cannot keep a write waiting.
    private final ReentrantReadWriteLock isolation = new ReentrantReadWriteLock(true);
    private final AtomicInteger writes = new AtomicInteger();

    private EndpointProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "endpoint-proxy-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::forward);
        // HttpServer's dispatcher thread is a daemon only if the thread starting it is one: started
        // from here, it would keep alive a JVM whose work is done (a benchmark's main never ending).
        Thread starter = new Thread(server::start, "endpoint-proxy-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted while starting the endpoint proxy", e);
        }
    }

    /** A proxy to {@code target} on a free loopback port, until {@link #close()} or the JVM's end. */
    public static EndpointProxy start(URI target) {
        try {
            EndpointProxy proxy = new EndpointProxy(target);
            SERVING.put(proxy.endpoint(), proxy);
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the endpoint proxy", e);
        }
    }

    /** The proxy of this JVM that serves {@code endpoint}, if {@code endpoint} is one. */
    public static EndpointProxy serving(URI endpoint) {
        return SERVING.get(endpoint);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI target() {
        return target;
    }

    /** DynamoDB requests that ran alone. */
    public int serializedWrites() {
        return writes.get();
    }

    /**
     * Runs {@code work} while no DynamoDB write is under way or can start: for a stream reader, so
     * that what it reads never includes a write that a cancelled transaction is about to undo.
     * {@code work} must not wait on a DynamoDB write of its own (it would wait for itself).
     */
    public <T> T whileNoWrite(Supplier<T> work) {
        Lock lock = isolation.readLock();
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
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
            Lock lock = lockFor(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
            HttpResponse<byte[]> response;
            if (lock == null) {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } else {
                lock.lock();
                try {
                    if (lock == isolation.writeLock()) {
                        writes.incrementAndGet();
                    }
                    response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                } finally {
                    lock.unlock();
                }
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

    /** The lock a request takes: DynamoDB's {@code DynamoDB_20120810.<Operation>} only. */
    private Lock lockFor(String amzTarget) {
        if (amzTarget == null || !amzTarget.startsWith("DynamoDB_")) {
            return null;
        }
        String operation = amzTarget.substring(amzTarget.indexOf('.') + 1);
        return DYNAMODB_READS.contains(operation) ? isolation.readLock() : isolation.writeLock();
    }

    @Override
    public void close() {
        SERVING.remove(endpoint());
        server.stop(0);
        threads.shutdownNow();
    }
}
