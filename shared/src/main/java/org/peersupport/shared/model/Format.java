package org.peersupport.shared.model;

/** How a group meets. A hybrid group can be joined in person or online. */
public enum Format {
    IN_PERSON("in_person"), ONLINE("online"), HYBRID("hybrid");

    private final String wire;

    Format(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Format of(String wire) {
        for (Format value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        return null;
    }

    /** A visitor asking for online groups can also join a hybrid one online (and in person). */
    public boolean servedBy(Format group) {
        return group == this || (group == HYBRID && this != HYBRID);
    }

    public boolean hasPlace() {
        return this != ONLINE;
    }

    public boolean hasOnlineAccess() {
        return this != IN_PERSON;
    }
}
