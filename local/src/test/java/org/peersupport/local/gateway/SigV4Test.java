package org.peersupport.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The verifier against requests signed by the AWS SDK's own SigV4 signer. */
class SigV4Test {
    static final Instant NOW = Instant.parse("2026-11-25T20:00:00Z");
    final SigV4 verifier = new SigV4("local-staff", "local-staff-secret", "us-east-1", Clock.fixed(NOW, ZoneOffset.UTC));

    /** A request as the SDK would send it to execute-api, signed with the given secret at the given time. */
    static Signed sign(String method, String url, String body, String accessKey, String secret, String region,
                       String service, Instant at) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(URI.create(url))
                .putHeader("Content-Type", "application/json").build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secret))
                .request(request)
                .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        return new Signed(signed.request().encodedPath(), signed.request().encodedQueryParameters().orElse(""), headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    record Signed(String path, String query, Map<String, List<String>> headers, byte[] body) {
    }

    static Signed sign(String method, String url, String body) {
        return sign(method, url, body, "local-staff", "local-staff-secret", "us-east-1", "execute-api", NOW);
    }

    SigV4.Result verify(String method, Signed signed) {
        return verifier.verify(method, signed.path(), signed.query(), signed.headers(), signed.body());
    }

    @Test
    void requestsSignedByTheSdk_areVerified() {
        assertTrue(verify("GET", sign("GET", "http://127.0.0.1:3000/staff/signups", null)).verified());
        assertTrue(verify("GET", sign("GET", "http://127.0.0.1:3000/staff/signups?groupId=connection-tue-downtown&format=json&since=2026-01-01", null)).verified());
        assertTrue(verify("PUT", sign("PUT", "http://127.0.0.1:3000/staff/groups/family-support", "{\"name\":\"Family\"}")).verified());
        assertTrue(verify("DELETE", sign("DELETE", "http://127.0.0.1:3000/staff/signups?email=person%2Btag%40example.org", null)).verified());
        assertTrue(verify("GET", sign("GET", "http://127.0.0.1:3000/staff/audit?b=2&a=1&a=0&empty=", null)).verified());
    }

    @Test
    void aVerifiedRequest_carriesTheCallersAccessKey() {
        assertEquals("local-staff", verify("GET", sign("GET", "http://127.0.0.1:3000/staff/groups", null)).accessKey());
    }

    @Test
    void anUnsignedRequest_isRefused() {
        SigV4.Result result = verifier.verify("GET", "/staff/signups", "", Map.of("Host", List.of("127.0.0.1:3000")), new byte[0]);
        assertFalse(result.verified());
        assertEquals("unsigned", result.refusal());
    }

    @Test
    void aWrongSecret_anotherKey_region_orService_isRefused() {
        String url = "http://127.0.0.1:3000/staff/signups";
        assertFalse(verify("GET", sign("GET", url, null, "local-staff", "guessed-secret", "us-east-1", "execute-api", NOW)).verified());
        assertFalse(verify("GET", sign("GET", url, null, "someone-else", "local-staff-secret", "us-east-1", "execute-api", NOW)).verified());
        assertFalse(verify("GET", sign("GET", url, null, "local-staff", "local-staff-secret", "eu-west-1", "execute-api", NOW)).verified());
        assertFalse(verify("GET", sign("GET", url, null, "local-staff", "local-staff-secret", "us-east-1", "s3", NOW)).verified());
    }

    @Test
    void aChangedMethodPathQueryOrBody_breaksTheSignature() {
        Signed signed = sign("POST", "http://127.0.0.1:3000/staff/groups/a?x=1", "{\"a\":1}");
        assertFalse(verify("PUT", signed).verified());
        assertFalse(verifier.verify("POST", "/staff/groups/b", signed.query(), signed.headers(), signed.body()).verified());
        assertFalse(verifier.verify("POST", signed.path(), "x=2", signed.headers(), signed.body()).verified());
        assertFalse(verifier.verify("POST", signed.path(), signed.query(), signed.headers(),
                "{\"a\":2}".getBytes(StandardCharsets.UTF_8)).verified());
        assertTrue(verify("POST", signed).verified());
    }

    @Test
    void aSignatureOlderOrNewerThanFifteenMinutes_isRefused() {
        String url = "http://127.0.0.1:3000/staff/signups";
        Instant old = NOW.minus(Duration.ofMinutes(16));
        Instant soon = NOW.plus(Duration.ofMinutes(16));
        assertEquals("clock skew", verify("GET", sign("GET", url, null, "local-staff", "local-staff-secret", "us-east-1", "execute-api", old)).refusal());
        assertEquals("clock skew", verify("GET", sign("GET", url, null, "local-staff", "local-staff-secret", "us-east-1", "execute-api", soon)).refusal());
        assertTrue(verify("GET", sign("GET", url, null, "local-staff", "local-staff-secret", "us-east-1", "execute-api",
                NOW.minus(Duration.ofMinutes(14)))).verified());
    }

    @Test
    void anUnsignedPayloadDeclaredInASignedHeader_isAccepted_butAWrongDeclaredHashIsNot() {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                .uri(URI.create("https://127.0.0.1:3000/staff/groups/x")).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create("local-staff", "local-staff-secret"))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String("{}"))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC)));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        signed.request().headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
        assertEquals(List.of("UNSIGNED-PAYLOAD"), headers.get("x-amz-content-sha256"), "the SDK signs no payload over https when asked");
        assertTrue(verifier.verify("POST", "/staff/groups/x", "", headers, "{\"any\":true}".getBytes(StandardCharsets.UTF_8)).verified());

        Signed hashed = sign("POST", "http://127.0.0.1:3000/staff/groups/x", "{}");
        hashed.headers().put("x-amz-content-sha256", List.of(SigV4.hex(SigV4.sha256("{\"other\":1}".getBytes(StandardCharsets.UTF_8)))));
        assertFalse(verify("POST", hashed).verified());
    }

    @Test
    void canonicalForms_followTheSigV4Rules() {
        assertEquals("/staff/a%2540b/c", SigV4.canonicalUri("/staff/a%40b/./x/../c"));
        assertEquals("/", SigV4.canonicalUri(""));
        assertEquals("a=0&a=1&b=%20%2B&c=", SigV4.canonicalQuery("b=%20%2B&a=1&c&a=0"));
        assertEquals("email=a%2Bb%40example.org", SigV4.canonicalQuery("email=a+b@example.org"));
    }
}
