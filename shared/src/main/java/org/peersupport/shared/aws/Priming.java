package org.peersupport.shared.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.peersupport.shared.Log;
import org.peersupport.shared.privacy.PersonalKeys;

/**
 * Lambda SnapStart's runtime hooks for a function restored from a snapshot of its initialised JVM
 * (org.crac, which Lambda's Java runtimes call). Before the snapshot, {@code prime} makes the
 * requests a first caller would, harmless ones (reads, and requests answered without a write), so
 * their classes are loaded and the clients' first calls made: what a restored function then still
 * pays is its own first request, not the JVM's. A prime that fails is logged and the snapshot taken
 * all the same: priming only saves time. After a restore nothing needs renewing: no handler keeps a
 * random source, a token or a time from before the snapshot (random values come from
 * {@link java.security.SecureRandom}, which Lambda's runtimes make safe to restore, at request
 * time), and the AWS clients read credentials from the default chain, which SnapStart serves.
 *
 * <p>The handler keeps the returned object: the hooks are held weakly by the runtime.
 */
public final class Priming implements Resource {
    private final String function;
    private final Runnable prime;
    private volatile long primedMillis = -1;

    private Priming(String function, Runnable prime) {
        this.function = function;
        this.prime = prime;
    }

    /** Hooks for {@code function}, registered with the runtime; a plain JVM never calls them. */
    public static Priming register(String function, Runnable prime) {
        Priming priming = new Priming(function, prime);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        try {
            prime.run();
            primedMillis = (System.nanoTime() - start) / 1_000_000;
            Log.info("snapstart.primed", "function", function, "millis", primedMillis);
        } catch (RuntimeException e) {
            Log.warn("snapstart.prime_failed", "function", function, "errorType", e.getClass().getSimpleName());
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        Log.info("snapstart.restored", "function", function, "primedMillis", primedMillis);
    }

    /** How long the last prime took, in milliseconds; -1 before one has run (or when it failed). */
    public long primedMillis() {
        return primedMillis;
    }

    /**
     * A link's requests with a token nobody holds: the page it opens ({@code show}, in Spanish), and
     * its button pressed ({@code press}) from the page's form and as JSON. They read the token index
     * only; nothing matches, so nothing is written.
     */
    public static List<APIGatewayV2HTTPEvent> link(String show, String press, String path) {
        String token = PersonalKeys.newToken();
        return List.of(request(show, path, null, Map.of("token", token, "lang", "es"), null, null),
                request(press, path, null, null, "application/x-www-form-urlencoded", "token=" + token + "&language=es"),
                request(press, path, null, null, "application/json", "{\"token\":\"" + token + "\"}"));
    }

    /**
     * A request as API Gateway passes it (payload 2.0), from the loopback address, for a prime:
     * {@code routeKey} such as {@code "GET /groups/{groupId}"}, {@code path} the path it matched.
     */
    public static APIGatewayV2HTTPEvent request(String routeKey, String path, Map<String, String> pathParameters,
                                                Map<String, String> query, String contentType, String body) {
        String method = routeKey.substring(0, routeKey.indexOf(' '));
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withHeaders(headers)
                .withPathParameters(pathParameters == null ? null : new HashMap<>(pathParameters))
                .withQueryStringParameters(query == null ? null : new HashMap<>(query))
                .withBody(body == null ? null : Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(body != null)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(routeKey)
                        .withRequestId("snapstart-priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).withSourceIp("127.0.0.1").withProtocol("HTTP/1.1").build())
                        .build())
                .build();
    }
}
