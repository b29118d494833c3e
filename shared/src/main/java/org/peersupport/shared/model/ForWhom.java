package org.peersupport.shared.model;

/** Whom a sign-up is for: the person signing up, or someone they care about. */
public enum ForWhom {
    SELF("self"), LOVED_ONE("loved_one");

    private final String wire;

    ForWhom(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static ForWhom of(String wire) {
        for (ForWhom value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        return null;
    }
}
