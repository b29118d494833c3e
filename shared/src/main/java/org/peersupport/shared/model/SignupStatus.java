package org.peersupport.shared.model;

/** A stored sign-up has a place ({@code confirmed}) or is on the group's waitlist. */
public enum SignupStatus {
    CONFIRMED("confirmed"), WAITLISTED("waitlisted");

    private final String wire;

    SignupStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static SignupStatus of(String wire) {
        for (SignupStatus value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        return null;
    }
}
