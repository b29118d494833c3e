package org.peersupport.bench.warm;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.bench.Invoker;
import org.peersupport.bench.MiniJson;
import org.peersupport.shared.Env;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * One request to one function as it went against moto: the function's environment, the event,
 * and every HTTP exchange its SDK clients made while serving it. Replayed by the warm-path
 * benchmarks over {@link CannedHttpClient}.
 */
public record Recording(String name, String function, Map<String, String> env, String event,
                        List<CannedHttpClient.Exchange> exchanges) implements Serializable {

    /** A handler and its event, ready to serve the same request again and again. */
    public interface Served {
        /** Serves the event once; the answer's status (200 for a stream batch with no failures). */
        int serve() throws IOException;
    }

    public static Path dir() {
        return Path.of(System.getProperty("bench.canned", "benchmarks/target/canned"));
    }

    public void save() {
        try {
            Files.createDirectories(dir());
            try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(dir().resolve(name + ".bin")))) {
                out.writeObject(this);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Recording load(String name) {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(dir().resolve(name + ".bin")))) {
            return (Recording) in.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("No recording " + name + " in " + dir() + ": run benchmarks/run-all", e);
        }
    }

    /** The handler over the canned answers, no network. */
    public Served replay(Duration listingTtl, boolean renderEveryRequest) {
        return served(Wiring.handler(function, withListingCache(env, listingTtl), new CannedHttpClient(exchanges),
                renderEveryRequest), event);
    }

    /** The function's environment, with list-groups' cache time set to {@code listingTtl}. */
    static Env withListingCache(Map<String, String> env, Duration listingTtl) {
        Map<String, String> values = new HashMap<>(env);
        values.put("LISTING_CACHE_SECONDS", Long.toString(listingTtl.toSeconds()));
        return new Env(values);
    }

    static Served served(Object handler, String event) {
        if (handler instanceof RequestStreamHandler stream) {
            byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
            return () -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(256);
                stream.handleRequest(new ByteArrayInputStream(bytes), out, null);
                return out.toString(StandardCharsets.UTF_8).contains("\"batchItemFailures\":[]") ? 200 : 500;
            };
        }
        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> http =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) handler;
        @SuppressWarnings("unchecked")
        APIGatewayV2HTTPEvent parsed = Invoker.httpEvent((Map<String, Object>) MiniJson.parse(event));
        return () -> http.handleRequest(parsed, null).getStatusCode();
    }

    /** Serves {@code event} once through a handler wired over a recording client, and keeps what it did. */
    public static Recording record(String name, String function, Map<String, String> env, String event,
                                   SdkHttpClient real, Duration listingTtl, int expectedStatus) throws IOException {
        RecordingHttpClient recorder = new RecordingHttpClient(real);
        Served served = served(Wiring.handler(function, withListingCache(env, listingTtl), recorder), event);
        recorder.start();
        int status = served.serve();
        List<CannedHttpClient.Exchange> exchanges = recorder.stop();
        if (status != expectedStatus) {
            throw new IllegalStateException(name + ": expected " + expectedStatus + ", got " + status);
        }
        Recording recording = new Recording(name, function, new HashMap<>(env), event, exchanges);
        recording.save();
        return recording;
    }
}
