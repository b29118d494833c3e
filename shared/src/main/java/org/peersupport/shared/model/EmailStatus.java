package org.peersupport.shared.model;

/**
 * Where a sign-up's confirmation email stands: {@code pending} until SES accepts it ({@code sent}),
 * or {@code undeliverable} when SES refuses it for good (a rejected message or a bad address).
 * Staff see it in the export.
 */
public enum EmailStatus {
    PENDING("pending"), SENT("sent"), UNDELIVERABLE("undeliverable");

    private final String wire;

    EmailStatus(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static EmailStatus of(String wire) {
        for (EmailStatus value : values()) {
            if (value.wire.equals(wire)) {
                return value;
            }
        }
        return null;
    }
}
