package org.peersupport.shared.model;

/**
 * Where a stored sign-up stands: {@code unconfirmed} until its address's owner follows the
 * confirm link (no place, never exported, gone after 72 hours), then {@code confirmed} (a place)
 * or {@code waitlisted}. Places are given out only at the confirm step.
 */
public enum SignupStatus implements WireValue {
    UNCONFIRMED("unconfirmed"), CONFIRMED("confirmed"), WAITLISTED("waitlisted");

    private final String wire;

    SignupStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** Whether the address's owner has confirmed (the sign-up holds a place or waits for one). */
    public boolean isConfirmedByOwner() {
        return this != UNCONFIRMED;
    }

    public static SignupStatus of(String wire) {
        return WireValue.of(values(), wire);
    }
}
