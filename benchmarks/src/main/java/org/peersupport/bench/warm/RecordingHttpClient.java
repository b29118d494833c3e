package org.peersupport.bench.warm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/** Passes requests to a real client (to moto) and keeps each answer, for {@link CannedHttpClient}. */
public final class RecordingHttpClient implements SdkHttpClient {
    private final SdkHttpClient delegate;
    private final List<CannedHttpClient.Exchange> exchanges = new ArrayList<>();
    private boolean recording;

    public RecordingHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** Starts keeping answers (requests made while building the handler are not part of a request). */
    public synchronized void start() {
        exchanges.clear();
        recording = true;
    }

    public synchronized List<CannedHttpClient.Exchange> stop() {
        recording = false;
        return List.copyOf(exchanges);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        byte[] body = CannedHttpClient.body(request);
        String key = CannedHttpClient.key(request.httpRequest(), body);
        ExecutableHttpRequest real = delegate.prepareRequest(HttpExecuteRequest.builder()
                .request(request.httpRequest())
                .contentStreamProvider(request.contentStreamProvider().isPresent() ? () -> new ByteArrayInputStream(body) : null)
                .build());
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                HttpExecuteResponse response = real.call();
                byte[] bytes;
                try (InputStream in = response.responseBody().map(b -> (InputStream) b).orElse(InputStream.nullInputStream())) {
                    bytes = in.readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                Map<String, List<String>> headers = new HashMap<>();
                response.httpResponse().headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
                CannedHttpClient.Exchange exchange = new CannedHttpClient.Exchange(key, response.httpResponse().statusCode(),
                        headers, bytes);
                synchronized (RecordingHttpClient.this) {
                    if (recording) {
                        exchanges.add(exchange);
                    }
                }
                return CannedHttpClient.response(exchange);
            }

            @Override
            public void abort() {
                real.abort();
            }
        };
    }

    @Override
    public void close() {
        delegate.close();
    }
}
