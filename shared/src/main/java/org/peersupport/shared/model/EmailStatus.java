package org.peersupport.shared.model;

/**
 * Where an email stands: {@code pending} until SES accepts it ({@code sent}), or {@code
 * undeliverable} when SES refuses it for good (a rejected message or a bad address). A message can
 * also be {@code cancelled}: its sign-up went, or no longer wants it (a confirm request for a
 * sign-up already confirmed). Staff see a sign-up's (its latest details email's) in the export.
 */
public enum EmailStatus implements WireValue {
    PENDING("pending"), SENT("sent"), UNDELIVERABLE("undeliverable"), CANCELLED("cancelled");

    private final String wire;

    EmailStatus(String wire) {
        this.wire = wire;
    }

    @Override
    public String wire() {
        return wire;
    }

    public static EmailStatus of(String wire) {
        return WireValue.of(values(), wire);
    }
}
