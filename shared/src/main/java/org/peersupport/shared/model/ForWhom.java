package org.peersupport.shared.model;

/** Whom a sign-up is for: the person signing up, or someone they care about. */
public enum ForWhom implements WireValue {
    SELF("self"), LOVED_ONE("loved_one");

    private final String wire;

    ForWhom(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static ForWhom of(String wire) {
        return WireValue.of(values(), wire);
    }
}
