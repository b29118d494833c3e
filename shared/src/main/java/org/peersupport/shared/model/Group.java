package org.peersupport.shared.model;

import java.util.List;

/**
 * A group as staff see it: the public view, its private parts, the staff accounts that run it
 * (facilitators see the groups whose {@code facilitatorUsernames} name them), and whether it is
 * archived.
 */
public record Group(PublicGroup listing, SignupRules signupRules, MeetingDetails meetingDetails,
                    List<String> facilitatorUsernames, boolean archived) {
    public Group {
        facilitatorUsernames = List.copyOf(facilitatorUsernames);
    }

    public String id() {
        return listing.id();
    }
}
