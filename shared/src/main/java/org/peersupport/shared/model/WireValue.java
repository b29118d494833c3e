package org.peersupport.shared.model;

/** A value written in JSON and DynamoDB as a fixed word of the contract's rather than its Java name. */
public interface WireValue {
    String wire();

    /** The value written as {@code wire}, or null for any other text (null included). */
    static <E extends WireValue> E of(E[] values, String wire) {
        for (E value : values) {
            if (value.wire().equals(wire)) {
                return value;
            }
        }
        return null;
    }
}
