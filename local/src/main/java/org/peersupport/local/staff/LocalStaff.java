package org.peersupport.local.staff;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.peersupport.local.gateway.Gateway;
import org.peersupport.local.gateway.HttpRequest;
import org.peersupport.local.gateway.HttpResponse;
import org.peersupport.shared.http.StaffRole;
import org.peersupport.shared.store.MeetingDetailsItem;
import org.peersupport.testkit.LocalDeployment;
import org.peersupport.testkit.StaffSignIn;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.MessageActionType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

/**
 * The local run's two staff accounts, made as an organisation makes its own: created in the user
 * pool with a temporary password, put in their group, then signed in once as a person would (a
 * new password, an authenticator app set up with the secret Cognito hands out), so both are ready
 * to sign in with a password and a TOTP code. {@code GET /_local/staff} lists them with those,
 * and the facilitator with the groups that name them.
 */
public final class LocalStaff implements Gateway.Endpoint {
    public static final String PATH = "/_local/staff";
    public static final String ADMIN = "local-admin";
    public static final String FACILITATOR = "local-facilitator";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One ready account. */
    public record Account(String username, String password, String totpSecret, StaffRole role) {
    }

    private final LocalDeployment deployment;
    private final List<Account> accounts;

    private LocalStaff(LocalDeployment deployment, List<Account> accounts) {
        this.deployment = deployment;
        this.accounts = List.copyOf(accounts);
    }

    /** Creates (or, on a persistent endpoint, creates again) both accounts in the template's user pool. */
    public static LocalStaff create(LocalDeployment deployment, String userPoolLogicalId, String clientLogicalId) {
        CognitoIdentityProviderClient cognito = deployment.cognito();
        String pool = deployment.physicalId(userPoolLogicalId);
        String client = deployment.physicalId(clientLogicalId);
        List<Account> accounts = new ArrayList<>();
        for (Map.Entry<String, StaffRole> wanted : List.of(Map.entry(ADMIN, StaffRole.ADMIN),
                Map.entry(FACILITATOR, StaffRole.FACILITATOR))) {
            String username = wanted.getKey();
            try {
                cognito.adminDeleteUser(r -> r.userPoolId(pool).username(username));
            } catch (UserNotFoundException fresh) {
                // the usual case: moto starts empty
            }
            String temporary = password();
            cognito.adminCreateUser(r -> r.userPoolId(pool).username(username).temporaryPassword(temporary)
                    .messageAction(MessageActionType.SUPPRESS)
                    .userAttributes(AttributeType.builder().name("email").value(username + "@example.org").build(),
                            AttributeType.builder().name("email_verified").value("true").build()));
            cognito.adminAddUserToGroup(r -> r.userPoolId(pool).username(username).groupName(wanted.getValue().group()));
            String password = password();
            StaffSignIn.Enrolment enrolment = StaffSignIn.firstSignIn(cognito, client, username, temporary, password);
            accounts.add(new Account(username, password, enrolment.totpSecret(), wanted.getValue()));
        }
        return new LocalStaff(deployment, accounts);
    }

    public List<Account> accounts() {
        return accounts;
    }

    public Account account(String username) {
        return accounts.stream().filter(a -> a.username().equals(username)).findFirst().orElseThrow();
    }

    /** A password the template's policy takes: 24 characters with every kind it asks for. */
    static String password() {
        String letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder out = new StringBuilder("Lc7-");
        for (int i = 0; i < 20; i++) {
            out.append(letters.charAt(RANDOM.nextInt(letters.length())));
        }
        return out.toString();
    }

    /** The groups whose facilitatorUsernames name a username, from the MeetingDetails table as it is now. */
    List<String> groupsRunBy(String username) {
        List<String> groups = new ArrayList<>();
        deployment.enhanced().table(deployment.physicalId("MeetingDetailsTable"), MeetingDetailsItem.SCHEMA).scan().items()
                .forEach(item -> {
                    if (item.facilitatorUsernames().contains(username)) {
                        groups.add(item.id());
                    }
                });
        groups.sort(null);
        return groups;
    }

    @Override
    public HttpResponse handle(HttpRequest request) throws IOException {
        return HttpResponse.ifGet(request, PATH, this::answer);
    }

    private HttpResponse answer() throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode users = body.putArray("users");
        for (Account account : accounts) {
            ObjectNode user = users.addObject();
            user.put("username", account.username());
            user.put("password", account.password());
            user.put("totpSecret", account.totpSecret());
            user.put("role", account.role().group());
            if (account.role() == StaffRole.FACILITATOR) {
                ArrayNode groups = user.putArray("groups");
                groupsRunBy(account.username()).forEach(groups::add);
            }
        }
        return HttpResponse.local(200, JSON.writeValueAsBytes(body));
    }
}
