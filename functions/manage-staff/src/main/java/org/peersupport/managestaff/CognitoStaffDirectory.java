package org.peersupport.managestaff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.http.StaffRole;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AdminGetUserResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.DeliveryMediumType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.GroupType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersInGroupResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ListUsersResponse;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UsernameExistsException;

/**
 * The stack's Cognito user pool. Roles are its groups ({@link StaffRole#group()}); an invitation
 * is {@code AdminCreateUser} with the address marked verified (so the user pool may send the
 * invitation and, later, password resets to it), and Cognito emails the temporary password.
 */
public final class CognitoStaffDirectory implements StaffDirectory {
    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;

    public CognitoStaffDirectory(CognitoIdentityProviderClient cognito, String userPoolId) {
        this.cognito = cognito;
        this.userPoolId = userPoolId;
    }

    @Override
    public List<StaffAccount> accounts() {
        Map<String, StaffRole> roles = new HashMap<>();
        // Facilitators first, so that an account in both groups is an admin, as StaffPrincipal reads it.
        for (StaffRole role : List.of(StaffRole.FACILITATOR, StaffRole.ADMIN)) {
            String next = null;
            do {
                String token = next;
                ListUsersInGroupResponse page = cognito.listUsersInGroup(r -> r.userPoolId(userPoolId)
                        .groupName(role.group()).limit(60).nextToken(token));
                page.users().forEach(user -> roles.put(user.username(), role));
                next = page.nextToken();
            } while (next != null);
        }
        List<StaffAccount> accounts = new ArrayList<>();
        String next = null;
        do {
            String token = next;
            ListUsersResponse page = cognito.listUsers(r -> r.userPoolId(userPoolId).limit(60).paginationToken(token));
            for (UserType user : page.users()) {
                accounts.add(new StaffAccount(user.username(), email(user.attributes()), roles.get(user.username()),
                        user.userStatusAsString(), Boolean.TRUE.equals(user.enabled()), user.userCreateDate()));
            }
            next = page.paginationToken();
        } while (next != null);
        return accounts;
    }

    @Override
    public StaffAccount account(String username) {
        AdminGetUserResponse user;
        try {
            user = cognito.adminGetUser(r -> r.userPoolId(userPoolId).username(username));
        } catch (UserNotFoundException e) {
            return null;
        }
        StaffRole role = StaffRole.ofGroups(cognito.adminListGroupsForUser(r -> r.userPoolId(userPoolId).username(username))
                .groups().stream().map(GroupType::groupName).toList());
        return new StaffAccount(user.username(), email(user.userAttributes()), role, user.userStatusAsString(),
                Boolean.TRUE.equals(user.enabled()), user.userCreateDate());
    }

    @Override
    public void invite(String username, String email, StaffRole role) {
        try {
            cognito.adminCreateUser(r -> r.userPoolId(userPoolId).username(username)
                    .userAttributes(AttributeType.builder().name("email").value(email).build(),
                            AttributeType.builder().name("email_verified").value("true").build())
                    .desiredDeliveryMediums(DeliveryMediumType.EMAIL));
        } catch (UsernameExistsException e) {
            throw new AccountExistsException();
        } catch (InvalidParameterException e) {
            throw new InvalidEmailException();
        }
        cognito.adminAddUserToGroup(r -> r.userPoolId(userPoolId).username(username).groupName(role.group()));
    }

    @Override
    public void setRole(String username, StaffRole role) {
        cognito.adminAddUserToGroup(r -> r.userPoolId(userPoolId).username(username).groupName(role.group()));
        for (StaffRole other : StaffRole.values()) {
            if (other != role) {
                cognito.adminRemoveUserFromGroup(r -> r.userPoolId(userPoolId).username(username).groupName(other.group()));
            }
        }
    }

    @Override
    public boolean remove(String username) {
        try {
            cognito.adminDeleteUser(r -> r.userPoolId(userPoolId).username(username));
            return true;
        } catch (UserNotFoundException e) {
            return false;
        }
    }

    private static String email(List<AttributeType> attributes) {
        for (AttributeType attribute : attributes) {
            if (attribute.name().equals("email")) {
                return attribute.value();
            }
        }
        return null;
    }
}
