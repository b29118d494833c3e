package org.peersupport.shared.model;

/**
 * Whether a group takes sign-ups: {@code active} does, {@code full} waitlists everyone,
 * {@code paused} takes none for now. Archiving is separate: an archived group is gone from the
 * public site but kept for staff exports.
 */
public enum GroupStatus implements WireValue {
    ACTIVE("active"), FULL("full"), PAUSED("paused");

    private final String wire;

    GroupStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static GroupStatus of(String wire) {
        return WireValue.of(values(), wire);
    }
}
