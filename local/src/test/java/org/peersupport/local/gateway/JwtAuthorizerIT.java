package org.peersupport.local.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peersupport.local.staff.LocalStaff;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.SampleData;
import org.peersupport.testkit.StackTemplate;
import org.peersupport.testkit.StaffSignIn;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;

/**
 * The local gateway's JWT authorizer, configured from template.yaml, against real tokens from the
 * user pool on moto (which signs every pool's tokens with one key, so a token of another pool
 * passes the signature check and must fail on its issuer): each role's token is accepted with its
 * claims, and expired, wrong-audience, wrong-issuer, {@code alg: none}, re-signed and altered ones
 * are refused.
 */
class JwtAuthorizerIT {
    static LocalDeployment deployment;
    static LocalStaff staff;
    static JwtAuthorizer.Config config;
    static CognitoIdentityProviderClient cognito;
    static String clientId;

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.create();
        SampleData.load().writeTo(deployment);
        staff = LocalStaff.create(deployment, "StaffUserPool", "StaffConsoleClient");
        config = HttpApis.from(StackTemplate.load(), deployment.intrinsics()).api("Api").authorizers().get("StaffJwt");
        cognito = deployment.cognito();
        clientId = deployment.physicalId("StaffConsoleClient");
    }

    static JwtAuthorizer authorizer(Clock clock) {
        return new JwtAuthorizer(config, deployment.endpoint(), clock);
    }

    static JwtAuthorizer.Decision authorize(JwtAuthorizer authorizer, String authorization) {
        Map<String, List<String>> headers = authorization == null ? Map.of() : Map.of("Authorization", List.of(authorization));
        return authorizer.authorize(new HttpRequest("GET", "/staff/groups", headers, new byte[0],
                new InetSocketAddress("127.0.0.1", 50000), "HTTP/1.1", 3000));
    }

    static String refusal(String token) {
        return assertInstanceOf(JwtAuthorizer.Refused.class, authorize(authorizer(Clock.systemUTC()), "Bearer " + token))
                .description();
    }

    static StaffSignIn.Tokens signIn(String username) {
        LocalStaff.Account account = staff.account(username);
        return StaffSignIn.signIn(cognito, clientId, account.username(), account.password(), account.totpSecret());
    }

    static String part(String token, int index) {
        return token.split("\\.", -1)[index];
    }

    static String encode(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theTemplatesAuthorizer_isTheStaffPoolsIssuer_andTheConsoleClient() {
        assertEquals("https://cognito-idp." + deployment.region().id() + ".amazonaws.com/"
                + deployment.physicalId("StaffUserPool"), config.issuer());
        assertEquals(List.of(clientId), config.audience());
        assertEquals("$request.header.Authorization", config.identitySource());
    }

    @Test
    void eachRolesTokens_areAccepted_withTheirClaims() {
        for (String username : List.of(LocalStaff.ADMIN, LocalStaff.FACILITATOR)) {
            StaffSignIn.Tokens tokens = signIn(username);
            String group = username.equals(LocalStaff.ADMIN) ? "[admins]" : "[facilitators]";
            var access = assertInstanceOf(JwtAuthorizer.Allowed.class, authorize(authorizer(Clock.systemUTC()),
                    "Bearer " + tokens.accessToken())).claims();
            assertEquals(username, access.get("username"));
            assertEquals(group, access.get("cognito:groups"));
            assertEquals("access", access.get("token_use"));
            // An ID token carries the client in aud instead of client_id: API Gateway takes it too.
            var id = assertInstanceOf(JwtAuthorizer.Allowed.class, authorize(authorizer(Clock.systemUTC()),
                    tokens.idToken())).claims();
            assertEquals(username, id.get("cognito:username"));
            assertEquals(group, id.get("cognito:groups"));
        }
    }

    @Test
    void noToken_isRefusedWithoutADescription() {
        assertNull(assertInstanceOf(JwtAuthorizer.Refused.class, authorize(authorizer(Clock.systemUTC()), null)).description());
        assertNull(assertInstanceOf(JwtAuthorizer.Refused.class, authorize(authorizer(Clock.systemUTC()), " ")).description());
    }

    @Test
    void anExpiredToken_isRefused() {
        String token = signIn(LocalStaff.ADMIN).accessToken();
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofHours(1).plusSeconds(1));
        var refused = assertInstanceOf(JwtAuthorizer.Refused.class, authorize(authorizer(later), "Bearer " + token));
        assertEquals("the token has expired", refused.description());
    }

    /** A token of the same pool, for another app client: the wrong audience. */
    @Test
    void aTokenForAnotherClient_isRefused() {
        String pool = deployment.physicalId("StaffUserPool");
        String other = cognito.createUserPoolClient(r -> r.userPoolId(pool).clientName("another-app")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH)).userPoolClient().clientId();
        LocalStaff.Account admin = staff.account(LocalStaff.ADMIN);
        String token = StaffSignIn.signIn(cognito, other, admin.username(), admin.password(), admin.totpSecret()).accessToken();
        assertEquals("the token does not have a valid audience", refusal(token));
    }

    /** A token of another user pool, signed with a key the JWKS has: only its issuer gives it away. */
    @Test
    void aTokenOfAnotherPool_isRefused() {
        String pool = cognito.createUserPool(r -> r.poolName("another-pool")).userPool().id();
        String client = cognito.createUserPoolClient(r -> r.userPoolId(pool).clientName("console")).userPoolClient().clientId();
        cognito.adminCreateUser(r -> r.userPoolId(pool).username("outsider").temporaryPassword("Temporary-Passw0rd!"));
        cognito.adminSetUserPassword(r -> r.userPoolId(pool).username("outsider").password("Outsider-Passw0rd-1!").permanent(true));
        String token = cognito.initiateAuth(r -> r.clientId(client).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "outsider", "PASSWORD", "Outsider-Passw0rd-1!")))
                .authenticationResult().accessToken();
        assertEquals("the token does not have a valid issuer", refusal(token));
        assertEquals(part(signIn(LocalStaff.ADMIN).accessToken(), 0), part(token, 0), "same header: moto's one key");
    }

    @Test
    void anUnsignedToken_algNone_isRefused() {
        String token = signIn(LocalStaff.FACILITATOR).accessToken();
        String none = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + part(token, 1) + ".";
        assertEquals("signing method none is invalid", refusal(none));
    }

    @Test
    void aChangedSignature_orAChangedPayload_isRefused() {
        String token = signIn(LocalStaff.FACILITATOR).accessToken();
        byte[] signature = Base64.getUrlDecoder().decode(part(token, 2));
        signature[signature.length / 2] ^= 0x01;
        String flipped = part(token, 0) + "." + part(token, 1) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        assertEquals("the token's signature is invalid", refusal(flipped));
        // The facilitator's own token, made to say admins: the signature no longer matches.
        String payload = new String(Base64.getUrlDecoder().decode(part(token, 1)), StandardCharsets.UTF_8)
                .replace("\"facilitators\"", "\"admins\"");
        String promoted = part(token, 0) + "." + encode(payload) + "." + part(token, 2);
        assertEquals("the token's signature is invalid", refusal(promoted));
    }

    /** Signed by a key the issuer never published, or with an HMAC over the public key: refused either way. */
    @Test
    void aTokenSignedByAnotherKey_orWithHmac_isRefused() throws Exception {
        var claims = new JWTClaimsSet.Builder().issuer(config.issuer()).claim("client_id", clientId)
                .claim("username", "local-admin").claim("cognito:groups", List.of("admins"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        RSAKey mine = new RSAKeyGenerator(2048).keyID("dummy").generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("dummy").build(), claims);
        forged.sign(new RSASSASigner(mine));
        assertEquals("the token's signature is invalid", refusal(forged.serialize()));
        SignedJWT unknownKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("not-published").build(), claims);
        unknownKey.sign(new RSASSASigner(mine));
        assertEquals("the token's key is not among the issuer's keys", refusal(unknownKey.serialize()));
        SignedJWT hmac = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("dummy").build(), claims);
        hmac.sign(new MACSigner(new byte[32]));
        assertEquals("signing method HS256 is invalid", refusal(hmac.serialize()));
        assertEquals("the token is malformed", refusal("a.b"));
    }

    @Test
    void aTokenNotValidYet_isRefused() {
        String token = signIn(LocalStaff.ADMIN).accessToken();
        Clock earlier = Clock.fixed(Instant.now().minusSeconds(3600), ZoneOffset.UTC);
        assertEquals("the token was issued in the future",
                assertInstanceOf(JwtAuthorizer.Refused.class, authorize(authorizer(earlier), "Bearer " + token)).description());
    }
}
