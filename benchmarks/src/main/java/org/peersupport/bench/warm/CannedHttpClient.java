package org.peersupport.bench.warm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An in-process SDK HTTP client that answers from responses recorded from moto ({@link Recording}):
 * no socket, no network, so a warm-path benchmark measures the handler and the SDK (marshalling,
 * signing, retries' bookkeeping, unmarshalling), not moto. Requests are matched by method, path,
 * {@code X-Amz-Target} and the table and index they name; several answers to the same kind of
 * request are given in recorded order, round and round.
 */
public final class CannedHttpClient implements SdkHttpClient {
    private static final Pattern TABLE = Pattern.compile("\"(TableName|IndexName)\":\"([^\"]*)\"");

    /** One recorded request and its answer. */
    public record Exchange(String key, int status, Map<String, List<String>> headers, byte[] body) implements Serializable {
    }

    private final Map<String, List<Exchange>> answers = new HashMap<>();
    private final Map<String, Integer> next = new HashMap<>();

    public CannedHttpClient(List<Exchange> exchanges) {
        for (Exchange exchange : exchanges) {
            answers.computeIfAbsent(exchange.key(), k -> new ArrayList<>()).add(exchange);
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String key = key(request.httpRequest(), body(request));
        Exchange exchange = take(key);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return response(exchange);
            }

            @Override
            public void abort() {
            }
        };
    }

    private synchronized Exchange take(String key) {
        List<Exchange> list = answers.get(key);
        if (list == null) {
            throw new IllegalStateException("No recorded answer for " + key + "; recorded: " + answers.keySet());
        }
        int i = next.getOrDefault(key, 0);
        next.put(key, (i + 1) % list.size());
        return list.get(i);
    }

    static HttpExecuteResponse response(Exchange exchange) {
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(exchange.status()).headers(exchange.headers()).build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(exchange.body())))
                .build();
    }

    /** The request's body, read as a real client would read it to send it. */
    static byte[] body(HttpExecuteRequest request) {
        return request.contentStreamProvider().map(provider -> {
            try (InputStream in = provider.newStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(new byte[0]);
    }

    static String key(SdkHttpRequest request, byte[] body) {
        StringBuilder key = new StringBuilder().append(request.method()).append(' ').append(request.encodedPath());
        request.firstMatchingHeader("X-Amz-Target").ifPresent(target -> key.append(' ').append(target));
        Matcher m = TABLE.matcher(new String(body, StandardCharsets.UTF_8));
        if (m.find()) {
            key.append(' ').append(m.group(2));
            if (m.find() && m.group(1).equals("IndexName")) {
                key.append(' ').append(m.group(2));
            }
        }
        return key.toString();
    }

    @Override
    public void close() {
    }
}
