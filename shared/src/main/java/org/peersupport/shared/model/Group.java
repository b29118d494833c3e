package org.peersupport.shared.model;

/** A group as staff see it: the public view, its private parts, and whether it is archived. */
public record Group(PublicGroup listing, SignupRules signupRules, MeetingDetails meetingDetails,
                    boolean archived) {
    public String id() {
        return listing.id();
    }
}
