package org.peersupport.serveconsole;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.http.ErrorCode;
import org.peersupport.shared.http.Requests;
import org.peersupport.shared.http.Responses;
import org.peersupport.shared.json.Json;

/**
 * {@code GET /console} (the page), {@code GET /console/config.json} (where to sign in) and
 * {@code GET /console/{file+}} (its script and styles). The files are in this jar, read once per
 * container; nothing here holds or reads data. Every answer carries a strict Content-Security-Policy:
 * scripts and styles from this origin only, no inline script, and connections only to this API
 * (the staff routes are on the same origin) and to Cognito's endpoint, where the page signs in.
 */
public final class ServeConsoleHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String HTML = "text/html; charset=utf-8";
    /** The files the page loads, by the name in its path, with their types. */
    static final Map<String, String> FILES = Map.of(
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "site.css", "text/css; charset=utf-8");

    private final String page;
    private final String config;
    private final Map<String, String> files;
    private final String csp;

    /** Used by Lambda: configuration from the environment template.yaml sets. */
    public ServeConsoleHandler() {
        this(Env.system());
    }

    /** Configuration from {@code env}; the console uses no AWS client and no clock. */
    public ServeConsoleHandler(Env env) {
        this(ConsoleConfig.from(env));
    }

    private ServeConsoleHandler(ConsoleConfig config) {
        this.page = resource("index.html");
        Map<String, String> loaded = new LinkedHashMap<>();
        FILES.keySet().forEach(name -> loaded.put(name, resource(name)));
        this.files = Map.copyOf(loaded);
        this.config = Json.write(json -> {
            json.writeStartObject();
            json.writeStringField("region", config.region());
            json.writeStringField("userPoolId", config.userPoolId());
            json.writeStringField("clientId", config.clientId());
            json.writeStringField("cognitoEndpoint", config.cognitoEndpoint());
            json.writeEndObject();
        });
        this.csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self' " + config.cognitoOrigin() + "; form-action 'none'; frame-ancestors 'none'; "
                + "base-uri 'none'";
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        switch (event.getRouteKey() == null ? "" : event.getRouteKey()) {
            case "GET /console":
                return secured(Responses.with(200, HTML, page, "no-cache"));
            case "GET /console/config.json":
                return secured(Responses.json(200, config, "no-cache"));
            case "GET /console/{file+}":
                String name = Requests.pathParameter(event, "file");
                String body = name == null ? null : files.get(name);
                if (body == null) {
                    Log.info("console.no_such_file", "requestId", Requests.requestId(event));
                    return secured(Responses.error(ErrorCode.NOT_FOUND));
                }
                return secured(Responses.with(200, FILES.get(name), body, "no-cache"));
            default:
                return secured(Responses.error(ErrorCode.NOT_FOUND));
        }
    }

    /** The headers a page for staff should carry, on every answer. */
    private APIGatewayV2HTTPResponse secured(APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = response.getHeaders();
        headers.put("Content-Security-Policy", csp);
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
        headers.put("Strict-Transport-Security", "max-age=31536000");
        return response;
    }

    private static String resource(String name) {
        try (InputStream in = ServeConsoleHandler.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                throw new IllegalStateException("console/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
