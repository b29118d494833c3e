package org.peersupport.shared.model;

/**
 * Private fields that decide how sign-ups are taken. Stored on the group's item so the sign-up
 * function can read them without being able to read where or how the group meets. (Whether a
 * group asks for an emergency contact is public: {@link PublicGroup#requiresEmergencyContact}.)
 *
 * @param capacity confirmed places, or null for no limit; later sign-ups are waitlisted
 */
public record SignupRules(Integer capacity) {
    public static final SignupRules OPEN = new SignupRules(null);
}
