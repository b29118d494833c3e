package org.peersupport.shared.model;

/** Who a group is for: people living with a condition, their families, or both together. */
public enum Audience implements WireValue {
    SELF("self"), FAMILY("family"), BOTH("both");

    private final String wire;

    Audience(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The value for a wire name, or null. */
    public static Audience of(String wire) {
        return WireValue.of(values(), wire);
    }

    /** A visitor asking for groups "for myself" also wants groups open to both. */
    public boolean servedBy(Audience group) {
        return group == this || (group == BOTH && this != BOTH);
    }
}
