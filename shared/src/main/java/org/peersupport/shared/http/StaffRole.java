package org.peersupport.shared.http;

import java.util.Set;

/**
 * The user pool's groups, as roles. Admins may call every staff route; facilitators only read
 * groups and export sign-ups (and then only for the groups they run, which the functions check).
 * This is the one place where what a facilitator may call is written down.
 */
public enum StaffRole {
    ADMIN("admins"),
    FACILITATOR("facilitators");

    /** The routes a facilitator may call; every other staff route is for admins only. */
    public static final Set<String> FACILITATOR_ROUTES = Set.of("GET /staff/groups", "GET /staff/signups");

    private final String group;

    StaffRole(String group) {
        this.group = group;
    }

    /** The user pool group that gives this role. */
    public String group() {
        return group;
    }

    /** The role a user pool group gives, or null for any other name. */
    public static StaffRole ofGroup(String group) {
        for (StaffRole role : values()) {
            if (role.group.equals(group)) {
                return role;
            }
        }
        return null;
    }

    /** The role a user's groups give (admins over facilitators, for someone in both), or null for none. */
    public static StaffRole ofGroups(Iterable<String> groups) {
        StaffRole role = null;
        for (String group : groups) {
            StaffRole given = ofGroup(group);
            if (given == ADMIN || (given == FACILITATOR && role == null)) {
                role = given;
            }
        }
        return role;
    }

    /** Whether this role may call a route ({@code METHOD /path} as in the event's routeKey). */
    public boolean allows(String routeKey) {
        return this == ADMIN || FACILITATOR_ROUTES.contains(routeKey);
    }
}
