package org.peersupport.recordemailfeedback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What this stack acts on in an SES notification, and nothing more: whether it is a hard bounce or
 * a complaint, and the addresses it is about. SES writes {@code eventType} when it publishes
 * through a configuration set's event destination and {@code notificationType} for an identity's
 * feedback notifications; both are read, with the same objects under them ("Contents of event data
 * that Amazon SES publishes to Amazon SNS"). A soft bounce ({@code Transient}, {@code Undetermined})
 * is SES's to retry, and a complaint marked {@code not-spam} is no complaint: neither is acted on.
 */
record SesFeedback(Kind kind, List<String> addresses) {
    enum Kind {
        HARD_BOUNCE, COMPLAINT, IGNORED
    }

    static final SesFeedback NOTHING = new SesFeedback(Kind.IGNORED, List.of());

    static SesFeedback of(Map<String, Object> event) {
        Object type = event.containsKey("eventType") ? event.get("eventType") : event.get("notificationType");
        if ("Bounce".equals(type) && event.get("bounce") instanceof Map<?, ?> bounce) {
            return "Permanent".equals(bounce.get("bounceType"))
                    ? new SesFeedback(Kind.HARD_BOUNCE, addresses(bounce.get("bouncedRecipients"))) : NOTHING;
        }
        if ("Complaint".equals(type) && event.get("complaint") instanceof Map<?, ?> complaint) {
            return "not-spam".equals(complaint.get("complaintFeedbackType"))
                    ? NOTHING : new SesFeedback(Kind.COMPLAINT, addresses(complaint.get("complainedRecipients")));
        }
        return NOTHING;
    }

    /** The recipients' addresses, as SES gives them ({@code emailAddress}, a bare address or a "Name <address>"). */
    private static List<String> addresses(Object recipients) {
        List<String> out = new ArrayList<>();
        if (recipients instanceof List<?> list) {
            for (Object recipient : list) {
                if (recipient instanceof Map<?, ?> r && r.get("emailAddress") instanceof String address) {
                    int open = address.lastIndexOf('<');
                    int close = address.lastIndexOf('>');
                    out.add(open >= 0 && close > open ? address.substring(open + 1, close) : address);
                }
            }
        }
        return out;
    }
}
