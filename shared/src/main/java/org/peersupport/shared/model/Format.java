package org.peersupport.shared.model;

/** How a group meets. A hybrid group can be joined in person or online. */
public enum Format implements WireValue {
    IN_PERSON("in_person"), ONLINE("online"), HYBRID("hybrid");

    private final String wire;

    Format(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static Format of(String wire) {
        return WireValue.of(values(), wire);
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
