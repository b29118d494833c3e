package org.peersupport.shared.json;

/** The body is not well-formed JSON. Carries no detail, since any detail would quote the input. */
public final class MalformedJsonException extends IllegalArgumentException {
    public MalformedJsonException() {
        super("malformed JSON");
    }
}
