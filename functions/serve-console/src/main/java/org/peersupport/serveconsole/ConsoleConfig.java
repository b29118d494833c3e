package org.peersupport.serveconsole;

import java.net.URI;
import org.peersupport.shared.Env;

/**
 * Where the console signs in: the user pool, its console client and the endpoint of Cognito's
 * API the browser calls (the region's own, or the local run's). Read once at start-up.
 */
public record ConsoleConfig(String region, String userPoolId, String clientId, String cognitoEndpoint) {
    public static ConsoleConfig from(Env env) {
        String endpoint = env.required("COGNITO_ENDPOINT");
        URI uri = URI.create(endpoint);
        if (uri.getHost() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                || !endpoint.endsWith("/")) {
            throw new IllegalStateException("Environment variable COGNITO_ENDPOINT must be an http(s) URL ending in /");
        }
        return new ConsoleConfig(env.required("AWS_REGION"), env.required("USER_POOL_ID"),
                env.required("CONSOLE_CLIENT_ID"), endpoint);
    }

    /** The endpoint's origin ({@code scheme://host[:port]}), for the page's connect-src. */
    public String cognitoOrigin() {
        URI uri = URI.create(cognitoEndpoint);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
