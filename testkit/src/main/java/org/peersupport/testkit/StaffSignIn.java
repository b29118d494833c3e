package org.peersupport.testkit;

import java.util.Map;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ChallengeNameType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InitiateAuthResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RespondToAuthChallengeResponse;

/**
 * A staff member's sign-in through Cognito's own API, as the console makes it (password, then
 * the TOTP code), and an invited account's first sign-in (new password, then TOTP set-up). For
 * the local run's accounts and for tests that need real tokens.
 */
public final class StaffSignIn {
    /** What a completed sign-in gives. */
    public record Tokens(String accessToken, String idToken, String refreshToken) {
        static Tokens of(AuthenticationResultType result) {
            return new Tokens(result.accessToken(), result.idToken(), result.refreshToken());
        }
    }

    /** A completed first sign-in: the TOTP secret the account now uses, and its tokens. */
    public record Enrolment(String totpSecret, Tokens tokens) {
    }

    private StaffSignIn() {
    }

    /** Password and TOTP code: the sign-in of an account that has set up MFA. */
    public static Tokens signIn(CognitoIdentityProviderClient cognito, String clientId, String username, String password,
                                String totpSecret) {
        InitiateAuthResponse started = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", password)));
        if (started.challengeName() != ChallengeNameType.SOFTWARE_TOKEN_MFA) {
            throw new IllegalStateException("expected the TOTP challenge, got " + started.challengeNameAsString());
        }
        RespondToAuthChallengeResponse done = cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.SOFTWARE_TOKEN_MFA).session(started.session())
                .challengeResponses(Map.of("USERNAME", username, "SOFTWARE_TOKEN_MFA_CODE", Totp.fresh(totpSecret))));
        return Tokens.of(done.authenticationResult());
    }

    /**
     * The first sign-in of an invited account: the temporary password, a new password, then MFA
     * set-up (the secret Cognito hands out, confirmed with a code from it).
     */
    public static Enrolment firstSignIn(CognitoIdentityProviderClient cognito, String clientId, String username,
                                        String temporaryPassword, String newPassword) {
        InitiateAuthResponse started = cognito.initiateAuth(r -> r.clientId(clientId).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", username, "PASSWORD", temporaryPassword)));
        if (started.challengeName() != ChallengeNameType.NEW_PASSWORD_REQUIRED) {
            throw new IllegalStateException("expected a new password to be required, got " + started.challengeNameAsString());
        }
        RespondToAuthChallengeResponse renamed = cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.NEW_PASSWORD_REQUIRED).session(started.session())
                .challengeResponses(Map.of("USERNAME", username, "NEW_PASSWORD", newPassword)));
        if (renamed.challengeName() != ChallengeNameType.MFA_SETUP) {
            throw new IllegalStateException("expected MFA set-up, got " + renamed.challengeNameAsString());
        }
        var associated = cognito.associateSoftwareToken(r -> r.session(renamed.session()));
        String secret = associated.secretCode();
        var verified = cognito.verifySoftwareToken(r -> r.session(associated.session())
                .userCode(Totp.fresh(secret)).friendlyDeviceName("authenticator"));
        RespondToAuthChallengeResponse done = cognito.respondToAuthChallenge(r -> r.clientId(clientId)
                .challengeName(ChallengeNameType.MFA_SETUP).session(verified.session())
                .challengeResponses(Map.of("USERNAME", username)));
        return new Enrolment(secret, Tokens.of(done.authenticationResult()));
    }
}
