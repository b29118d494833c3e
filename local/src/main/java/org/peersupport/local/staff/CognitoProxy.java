package org.peersupport.local.staff;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peersupport.local.gateway.Gateway;
import org.peersupport.local.gateway.HttpRequest;
import org.peersupport.local.gateway.HttpResponse;

/**
 * {@code POST /_local/cognito-idp/}: Cognito's user pool API, forwarded to the AWS endpoint, so
 * the console signs in locally exactly as on AWS (its config.json names this as
 * {@code cognitoEndpoint}) from the page's own origin, with no CORS to arrange. Only the
 * operations Cognito serves without AWS credentials pass (sign-in, challenges, MFA set-up, token
 * revocation): the admin operations need IAM on AWS, and here would need nothing at all.
 */
public final class CognitoProxy implements Gateway.Endpoint {
    public static final String PATH = "/_local/cognito-idp/";
    static final String TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
    static final Set<String> PUBLIC_OPERATIONS = Set.of("InitiateAuth", "RespondToAuthChallenge", "AssociateSoftwareToken",
            "VerifySoftwareToken", "RevokeToken", "GlobalSignOut", "GetUser", "ChangePassword", "SetUserMFAPreference");

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public CognitoProxy(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        if (!request.path().equals(PATH)) {
            return null;
        }
        if (!request.method().equals("POST")) {
            return HttpResponse.methodNotAllowed("POST");
        }
        String target = request.header("x-amz-target");
        if (target == null || !target.startsWith(TARGET_PREFIX)
                || !PUBLIC_OPERATIONS.contains(target.substring(TARGET_PREFIX.length()))) {
            return new HttpResponse(400, List.of(Map.entry("Content-Type", "application/x-amz-json-1.1")),
                    "{\"__type\":\"InvalidParameterException\",\"message\":\"Only Cognito's public sign-in operations are forwarded here\"}"
                            .getBytes(StandardCharsets.UTF_8));
        }
        String type = request.header("content-type");
        java.net.http.HttpRequest forward = java.net.http.HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", type == null ? "application/x-amz-json-1.1" : type)
                .header("X-Amz-Target", target)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(request.body()))
                .build();
        java.net.http.HttpResponse<byte[]> answer;
        try {
            answer = http.send(forward, BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return new HttpResponse(answer.statusCode(), List.of(
                Map.entry("Content-Type", answer.headers().firstValue("content-type").orElse("application/x-amz-json-1.1")),
                Map.entry("Cache-Control", "no-store"),
                Map.entry("X-Content-Type-Options", "nosniff")),
                answer.body());
    }
}
