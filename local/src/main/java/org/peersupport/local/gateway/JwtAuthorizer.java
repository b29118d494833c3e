package org.peersupport.local.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * API Gateway's JWT authorizer for an HTTP API, as its documentation describes it: the token from
 * the identity source (alone, or after {@code Bearer }), signed with an RSA algorithm by a key of
 * the issuer's JWKS (found by {@code kid}), its {@code iss} the configured issuer, its {@code aud}
 * (or, when it has none, its {@code client_id}) one of the configured audiences, and {@code exp},
 * {@code nbf} and {@code iat} in order with the clock. The issuer's JWKS is read from the AWS
 * endpoint at the issuer's path (moto serves a user pool's at
 * {@code /<userPoolId>/.well-known/jwks.json}), and read again, at most every 30 seconds, when a
 * token names a key it does not have. The claims go to the function as API Gateway passes them:
 * every value a string, arrays as {@code [a b]}.
 */
public final class JwtAuthorizer {
    static final Duration REFETCH_AFTER = Duration.ofSeconds(30);

    /** An authorizer as the template declares it, its intrinsics resolved (issuer null when they could not be). */
    public record Config(String name, String identitySource, String issuer, List<String> audience) {
        public Config {
            audience = List.copyOf(audience);
        }
    }

    /** What the authorizer decided. */
    public sealed interface Decision permits Allowed, Refused {
    }

    /** A valid token: its claims, for {@code requestContext.authorizer.jwt.claims}. */
    public record Allowed(Map<String, String> claims) implements Decision {
    }

    /** 401: why, as API Gateway's {@code www-authenticate} says it (null when there was no token at all). */
    public record Refused(String description) implements Decision {
        /** The {@code www-authenticate} header API Gateway sends with its 401. */
        public String challenge() {
            return description == null ? "Bearer" : "Bearer scope=\"\" error=\"invalid_token\" error_description=\""
                    + description + "\"";
        }
    }

    private final Config config;
    private final String header;
    private final URI jwks;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private JWKSet keys;
    private Instant fetched;

    public JwtAuthorizer(Config config, URI awsEndpoint, Clock clock) {
        this.config = config;
        String source = config.identitySource() == null ? "$request.header.Authorization" : config.identitySource();
        if (!source.startsWith("$request.header.")) {
            throw new IllegalArgumentException(config.name() + ": only a header identity source is emulated locally: " + source);
        }
        this.header = source.substring("$request.header.".length()).toLowerCase(Locale.ROOT);
        this.jwks = config.issuer() == null ? null : jwksUri(config.issuer(), awsEndpoint);
        this.clock = clock;
    }

    /** Where the issuer's keys are on the AWS endpoint: the issuer's path, then {@code /.well-known/jwks.json}. */
    static URI jwksUri(String issuer, URI endpoint) {
        String path = URI.create(issuer).getRawPath();
        return endpoint.resolve((path == null ? "" : path.replaceAll("/+$", "")) + "/.well-known/jwks.json");
    }

    public Config config() {
        return config;
    }

    public Decision authorize(HttpRequest request) {
        String value = request.header(header);
        if (value == null || value.isBlank()) {
            return new Refused(null);
        }
        String token = value.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        if (config.issuer() == null) {
            return new Refused("the authorizer's issuer could not be resolved locally");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            return new Refused("the token is malformed");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            return new Refused("signing method none is invalid");
        }
        JWSAlgorithm algorithm = signed.getHeader().getAlgorithm();
        if (!JWSAlgorithm.Family.RSA.contains(algorithm)) {
            return new Refused("signing method " + algorithm + " is invalid");
        }
        RSAKey key = key(signed.getHeader().getKeyID());
        if (key == null) {
            return new Refused("the token's key is not among the issuer's keys");
        }
        JWTClaimsSet claims;
        try {
            if (!signed.verify(new RSASSAVerifier(key))) {
                return new Refused("the token's signature is invalid");
            }
            claims = signed.getJWTClaimsSet();
        } catch (JOSEException | ParseException e) {
            return new Refused("the token's signature is invalid");
        }
        if (!config.issuer().equals(claims.getIssuer())) {
            return new Refused("the token does not have a valid issuer");
        }
        List<String> audiences = claims.getAudience();
        boolean audienceValid;
        if (audiences != null && !audiences.isEmpty()) {
            audienceValid = audiences.stream().anyMatch(config.audience()::contains);
        } else {
            Object clientId = claims.getClaim("client_id");
            audienceValid = clientId instanceof String id && config.audience().contains(id);
        }
        if (!audienceValid) {
            return new Refused("the token does not have a valid audience");
        }
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null || !now.isBefore(expires.toInstant())) {
            return new Refused("the token has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && now.isBefore(notBefore.toInstant())) {
            return new Refused("the token is not valid yet");
        }
        Date issued = claims.getIssueTime();
        if (issued != null && now.plusSeconds(1).isBefore(issued.toInstant())) {
            return new Refused("the token was issued in the future");
        }
        return new Allowed(asApiGatewayPassesThem(claims));
    }

    /** Every claim as a string: numbers and dates as seconds, arrays as {@code [a b]}, objects as JSON. */
    static Map<String, String> asApiGatewayPassesThem(JWTClaimsSet claims) {
        Map<String, String> out = new LinkedHashMap<>();
        claims.getClaims().forEach((name, value) -> {
            String text;
            if (value instanceof Date date) {
                text = Long.toString(date.toInstant().getEpochSecond());
            } else if (value instanceof List<?> list) {
                List<String> items = new ArrayList<>();
                list.forEach(item -> items.add(String.valueOf(item)));
                text = "[" + String.join(" ", items) + "]";
            } else if (value instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) map;
                text = JSONObjectUtils.toJSONString(object);
            } else {
                text = String.valueOf(value);
            }
            out.put(name, text);
        });
        return out;
    }

    /** The issuer's key with this id, reading the JWKS again (at most every 30 s) when it is not known. */
    private synchronized RSAKey key(String keyId) {
        if (keyId == null) {
            return null;
        }
        JWK known = keys == null ? null : keys.getKeyByKeyId(keyId);
        if (known == null && (fetched == null || clock.instant().isAfter(fetched.plus(REFETCH_AFTER)))) {
            keys = fetch();
            fetched = clock.instant();
            known = keys == null ? null : keys.getKeyByKeyId(keyId);
        }
        return known instanceof RSAKey rsa ? rsa : null;
    }

    private JWKSet fetch() {
        try {
            var response = http.send(java.net.http.HttpRequest.newBuilder(jwks).timeout(Duration.ofSeconds(10))
                    .method("GET", BodyPublishers.noBody()).build(), BodyHandlers.ofString());
            return response.statusCode() == 200 ? JWKSet.parse(response.body()) : null;
        } catch (IOException | ParseException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
