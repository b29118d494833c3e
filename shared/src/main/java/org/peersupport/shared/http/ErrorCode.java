package org.peersupport.shared.http;

/** The contract's error codes, each with its status and a calm default message. */
public enum ErrorCode {
    INVALID_REQUEST(400, "invalid_request", "Please check the highlighted fields."),
    FORBIDDEN(403, "forbidden", "You don't have access to this."),
    NOT_FOUND(404, "not_found", "We couldn't find that. It may have moved or ended."),
    SIGNUPS_CLOSED(409, "signups_closed",
            "This group isn't taking sign-ups right now. Please choose another group or check back soon."),
    PAYLOAD_TOO_LARGE(413, "payload_too_large", "That was more than we can accept. Please shorten it and try again."),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type", "Please send the form as JSON or as a standard web form."),
    /** Says only that this network sent too many: nothing about any person or address. */
    RATE_LIMITED(429, "rate_limited",
            "Too many sign-ups have come from this network in the last hour. Please try again later."),
    INTERNAL_ERROR(500, "internal_error", "Something went wrong on our side. Please try again in a few minutes."),
    UNAVAILABLE(503, "unavailable", "We're having trouble right now. Please try again in a few minutes.");

    private final int status;
    private final String code;
    private final String message;

    ErrorCode(int status, String code, String message) {
        this.status = status;
        this.code = code;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String message() {
        return message;
    }
}
