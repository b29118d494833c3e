package org.peersupport.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorsTest {
    final Cors cors = new Cors(List.of("https://www.example.org", "http://127.0.0.1:3000"), List.of("GET", "POST"),
            List.of("content-type", "if-none-match"), List.of("etag"), 600, false);

    @Test
    void preflightFromAnAllowedOrigin_getsTheConfiguredAnswer() {
        Map<String, String> headers = cors.preflight("https://www.example.org", "POST", "Content-Type");
        assertEquals("https://www.example.org", headers.get("Access-Control-Allow-Origin"));
        assertEquals("GET,POST", headers.get("Access-Control-Allow-Methods"));
        assertEquals("content-type", headers.get("Access-Control-Allow-Headers"));
        assertEquals("600", headers.get("Access-Control-Max-Age"));
    }

    @Test
    void preflightFromAnotherOrigin_orForAnotherMethod_getsNoCorsHeaders() {
        assertTrue(cors.preflight("https://evil.example", "POST", null).isEmpty());
        assertTrue(cors.preflight("https://www.example.org", "DELETE", null).isEmpty());
        assertTrue(cors.response("https://evil.example").isEmpty());
    }

    @Test
    void responsesToAnAllowedOrigin_exposeTheConfiguredHeaders() {
        assertEquals(Map.of("Access-Control-Allow-Origin", "http://127.0.0.1:3000", "Access-Control-Expose-Headers", "etag"),
                cors.response("http://127.0.0.1:3000"));
    }

    @Test
    void wildcards_matchAsApiGatewayDocumentsThem() {
        Cors any = new Cors(List.of("https://*"), List.of("*"), List.of("*"), List.of(), null, false);
        assertTrue(any.allows("https://a.example"));
        assertFalse(any.allows("http://a.example"));
        assertEquals("PATCH", any.preflight("https://a.example", "PATCH", "x-custom").get("Access-Control-Allow-Methods"));
        assertEquals("x-custom", any.preflight("https://a.example", "PATCH", "x-custom").get("Access-Control-Allow-Headers"));
        assertEquals("*", Cors.ALLOW_ALL.response("https://x.example").get("Access-Control-Allow-Origin"));
    }
}
