package org.peersupport.serveconsole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.peersupport.shared.Env;
import org.peersupport.shared.json.Json;
import org.peersupport.testkit.api.ApiCalls;

class ServeConsoleHandlerTest {
    static final Env ENV = new Env(Map.of("AWS_REGION", "us-east-1", "USER_POOL_ID", "us-east-1_Example01",
            "CONSOLE_CLIENT_ID", "4pq7m2example0console0client", "COGNITO_ENDPOINT", "https://cognito-idp.us-east-1.amazonaws.com/"));
    final ServeConsoleHandler handler = new ServeConsoleHandler(ENV);

    static APIGatewayV2HTTPEvent event(String file) {
        return EventLoader.loadApiGatewayHttpEvent("events/" + file);
    }

    static void assertSecured(APIGatewayV2HTTPResponse response) {
        String csp = response.getHeaders().get("Content-Security-Policy");
        assertEquals("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' https://cognito-idp.us-east-1.amazonaws.com; form-action 'none'; "
                + "frame-ancestors 'none'; base-uri 'none'", csp);
        assertEquals("nosniff", response.getHeaders().get("X-Content-Type-Options"));
        assertEquals("no-referrer", response.getHeaders().get("Referrer-Policy"));
        assertEquals("DENY", response.getHeaders().get("X-Frame-Options"));
    }

    @Test
    void thePage_isServedWithAStrictPolicy_andRunsNoInlineScriptAndNothingFromElsewhere() {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event("console-page.json"), null);
        assertEquals(200, response.getStatusCode());
        assertEquals("text/html; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertSecured(response);
        String page = response.getBody();
        Matcher scripts = Pattern.compile("<script([^>]*)>").matcher(page);
        int count = 0;
        while (scripts.find()) {
            count++;
            assertTrue(scripts.group(1).contains("src=\"console/console.js\""), "only the console's own script: " + scripts.group());
        }
        assertEquals(1, count);
        assertFalse(Pattern.compile("\\son[a-z]+=", Pattern.CASE_INSENSITIVE).matcher(page).find(), "no inline event handlers");
        assertFalse(page.contains("style="), "no inline styles (the policy would block them)");
        assertFalse(page.contains("//") && Pattern.compile("(src|href)=\"(https?:)?//").matcher(page).find(),
                "nothing loaded from another origin");
    }

    @Test
    void config_saysWhereToSignIn() {
        APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event("console-config.json"), null);
        assertEquals(200, response.getStatusCode());
        assertEquals("application/json; charset=utf-8", response.getHeaders().get("Content-Type"));
        assertSecured(response);
        assertEquals(Map.of("region", "us-east-1", "userPoolId", "us-east-1_Example01",
                "clientId", "4pq7m2example0console0client", "cognitoEndpoint", "https://cognito-idp.us-east-1.amazonaws.com/"),
                Json.parseObject(response.getBody()));
    }

    @Test
    void theConsolesFiles_areServed_withTheirTypes_andNothingElse() {
        for (Map.Entry<String, String> file : Map.of("console.js", "text/javascript; charset=utf-8",
                "console.css", "text/css; charset=utf-8", "site.css", "text/css; charset=utf-8").entrySet()) {
            APIGatewayV2HTTPEvent event = event("console-file.json");
            event.setPathParameters(new HashMap<>(Map.of("file", file.getKey())));
            APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event, null);
            assertEquals(200, response.getStatusCode(), file.getKey());
            assertEquals(file.getValue(), response.getHeaders().get("Content-Type"));
            assertSecured(response);
            assertFalse(response.getBody().isBlank());
        }
        for (String name : List.of("index.html", "../console/console.js", "Console.js", "console.js/", "x", "")) {
            APIGatewayV2HTTPEvent event = event("console-file.json");
            event.setPathParameters(new HashMap<>(Map.of("file", name)));
            APIGatewayV2HTTPResponse response = ApiCalls.handle(handler, event, null);
            assertEquals(404, response.getStatusCode(), name);
            assertFalse(response.getBody().contains(name.isEmpty() ? "\u0000" : name), "the path is not echoed");
        }
    }

    /** The console keeps tokens in memory: its script never touches storage or cookies. */
    @Test
    void theScript_keepsNothingInTheBrowsersStorage() {
        APIGatewayV2HTTPEvent event = event("console-file.json");
        String script = ApiCalls.handle(handler, event, null).getBody();
        for (String store : List.of("localStorage", "sessionStorage", "document.cookie", "indexedDB", "caches.open")) {
            assertFalse(script.contains(store), store);
        }
    }

    @Test
    void theSameDesignAsTheSite_fromTheSitesOwnStylesheet() throws Exception {
        APIGatewayV2HTTPEvent event = event("console-file.json");
        event.setPathParameters(new HashMap<>(Map.of("file", "site.css")));
        String served = ApiCalls.handle(handler, event, null).getBody();
        String site = java.nio.file.Files.readString(org.peersupport.testkit.Repo.root().resolve("site/site.css"));
        assertEquals(site, served);
    }

    @Test
    void aConfigurationThatCannotWork_failsAtStartUp() {
        Map<String, String> values = new HashMap<>(Map.of("AWS_REGION", "us-east-1", "USER_POOL_ID", "p",
                "CONSOLE_CLIENT_ID", "c", "COGNITO_ENDPOINT", "https://cognito-idp.us-east-1.amazonaws.com"));
        assertThrows(IllegalStateException.class, () -> new ServeConsoleHandler(new Env(values)), "no trailing slash");
        values.put("COGNITO_ENDPOINT", "ftp://example.org/");
        assertThrows(IllegalStateException.class, () -> new ServeConsoleHandler(new Env(values)));
        values.remove("COGNITO_ENDPOINT");
        assertThrows(IllegalStateException.class, () -> new ServeConsoleHandler(new Env(values)));
    }

    @Test
    void anyOtherRoute_is404() {
        APIGatewayV2HTTPEvent event = event("console-page.json");
        event.setRouteKey("POST /console");
        assertEquals(404, ApiCalls.handle(handler, event, null).getStatusCode());
    }
}
