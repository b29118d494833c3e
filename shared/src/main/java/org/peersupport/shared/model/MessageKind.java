package org.peersupport.shared.model;

/**
 * The kinds of email a sign-up can be sent, each a {@link org.peersupport.shared.store.MessageItem}
 * the mailer sends once. A kind names the link its email carries, and so the token hash its message
 * stores (found through the index of that name): every kind after the confirm step carries a
 * withdraw link.
 */
public enum MessageKind implements WireValue {
    /** Asks the address's owner to confirm: the organisation's name, a confirm link, nothing about the group. */
    CONFIRM_REQUEST("confirm_request", "confirmTokenHash"),
    /** The group's details (v1's confirmation email), with a withdraw link: only after the owner confirmed. */
    DETAILS("details", "withdrawTokenHash"),
    /** Before the first meeting after a place was given: when and where, from 24 hours before it. */
    REMINDER("reminder", "withdrawTokenHash"),
    /** Staff changed something about the group's meetings in the next four weeks: what, and for which dates. */
    CHANGE_NOTICE("change_notice", "withdrawTokenHash"),
    /** A waitlisted sign-up was given a place (a withdrawal, an erasure, a raised capacity): the details. */
    PLACE_OPENED("place_opened", "withdrawTokenHash");

    private final String wire;
    private final String tokenAttribute;

    MessageKind(String wire, String tokenAttribute) {
        this.wire = wire;
        this.tokenAttribute = tokenAttribute;
    }

    @Override
    public String wire() {
        return wire;
    }

    /** The message attribute that holds the hash of its link's token. */
    public String tokenAttribute() {
        return tokenAttribute;
    }

    /** Whether its email carries a withdraw link (its message is how that link finds the sign-up). */
    public boolean carriesWithdrawLink() {
        return tokenAttribute.equals(DETAILS.tokenAttribute);
    }

    public static MessageKind of(String wire) {
        return WireValue.of(values(), wire);
    }
}
