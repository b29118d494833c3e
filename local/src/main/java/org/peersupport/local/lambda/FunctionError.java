package org.peersupport.local.lambda;

/**
 * What Lambda reports instead of a result: the function threw, timed out, failed to start, or a
 * payload was over the 6 MB limit. Carries no message from the function, since messages can quote
 * what was sent.
 */
public final class FunctionError extends Exception {
    /** The kinds of failure Lambda tells apart. */
    public enum Kind {
        /** The handler threw (Lambda: an {@code Unhandled} function error). */
        UNHANDLED,
        /** The handler's class could not be loaded or constructed (Lambda: an init error). */
        INIT,
        /** The function ran past its {@code Timeout} ("Task timed out"). */
        TIMEOUT,
        /** The event was over 6 MB (Lambda refuses the invocation: RequestTooLargeException). */
        REQUEST_TOO_LARGE,
        /** The result was over 6 MB (Lambda returns an error instead of it). */
        RESPONSE_TOO_LARGE
    }

    private final Kind kind;
    private final String function;

    public FunctionError(Kind kind, String function, Throwable cause) {
        super(kind + " in " + function, cause, false, false);
        this.kind = kind;
        this.function = function;
    }

    public Kind kind() {
        return kind;
    }

    public String function() {
        return function;
    }
}
