package org.peersupport.local.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A function's result read as HTTP APIs read payload format 2.0. */
class HttpResponseTest {
    @Test
    void aStructuredResult_givesStatusHeadersCookiesAndBody() throws Exception {
        HttpResponse response = HttpResponse.fromLambda("{\"statusCode\":303,\"headers\":{\"Location\":\"https://x.example/thanks\","
                + "\"Content-Length\":\"99\"},\"cookies\":[\"a=1\",\"b=2\"],\"multiValueHeaders\":{\"X-Many\":[\"1\",\"2\"]},\"body\":\"\"}");
        assertEquals(303, response.status());
        assertEquals("https://x.example/thanks", response.header("Location"));
        assertEquals(List.of(Map.entry("Set-Cookie", "a=1"), Map.entry("Set-Cookie", "b=2")),
                response.headers().stream().filter(h -> h.getKey().equals("Set-Cookie")).toList());
        assertNull(response.header("X-Many"), "payload 2.0 has no multiValueHeaders");
        assertNull(response.header("Content-Length"), "the gateway sets the length itself");
        assertEquals("application/json", response.header("Content-Type"), "the default content type");
    }

    @Test
    void aBase64Body_isDecoded() throws Exception {
        HttpResponse response = HttpResponse.fromLambda("{\"statusCode\":200,\"headers\":{\"content-type\":\"image/png\"},"
                + "\"body\":\"AAEC\",\"isBase64Encoded\":true}");
        assertArrayEquals(new byte[] {0, 1, 2}, response.body());
        assertEquals("image/png", response.header("Content-Type"));
    }

    @Test
    void anyOtherJson_isA200JsonBodyAsIs() throws Exception {
        HttpResponse response = HttpResponse.fromLambda("{\"hello\":\"world\"}");
        assertEquals(200, response.status());
        assertEquals("{\"hello\":\"world\"}", new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(200, HttpResponse.fromLambda("\"text\"").status());
    }

    @Test
    void anUnreadableResult_isRefused() {
        assertThrows(HttpResponse.MalformedResult.class, () -> HttpResponse.fromLambda("{\"statusCode\":\"teapot\"}"));
        assertThrows(HttpResponse.MalformedResult.class, () -> HttpResponse.fromLambda("not json"));
        assertThrows(HttpResponse.MalformedResult.class, () -> HttpResponse.fromLambda("{\"statusCode\":200,\"body\":\"%%\",\"isBase64Encoded\":true}"));
    }
}
