package org.peersupport.shared.model;

/**
 * The kinds of email a sign-up can be sent, each a {@link org.peersupport.shared.store.MessageItem}
 * the mailer sends once. A kind names the link its email carries, and so the token hash its message
 * stores (found through the index of that name).
 */
public enum MessageKind {
    /** Asks the address's owner to confirm: the organisation's name, a confirm link, nothing about the group. */
    CONFIRM_REQUEST("confirm_request", "confirmTokenHash"),
    /** The group's details (v1's confirmation email), with a withdraw link: only after the owner confirmed. */
    DETAILS("details", "withdrawTokenHash");

    private final String wire;
    private final String tokenAttribute;

    MessageKind(String wire, String tokenAttribute) {
        this.wire = wire;
        this.tokenAttribute = tokenAttribute;
    }

    public String wire() {
        return wire;
    }

    /** The message attribute that holds the hash of its link's token. */
    public String tokenAttribute() {
        return tokenAttribute;
    }

    public static MessageKind of(String wire) {
        for (MessageKind kind : values()) {
            if (kind.wire.equals(wire)) {
                return kind;
            }
        }
        return null;
    }
}
