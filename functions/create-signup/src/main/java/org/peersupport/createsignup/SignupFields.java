package org.peersupport.createsignup;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.peersupport.shared.http.Bilingual;
import org.peersupport.shared.http.FormData;
import org.peersupport.shared.http.Languages;
import org.peersupport.shared.json.Fields;
import org.peersupport.shared.model.ForWhom;
import org.peersupport.shared.privacy.EmailAddress;

/**
 * The contract's sign-up fields, read from a JSON object or a form and checked against the
 * group's rules. Every problem is reported against its field with a fixed message; nothing that
 * was sent is ever repeated back.
 */
final class SignupFields {
    static final String FIRST_NAME = "firstName";
    static final String EMAIL = "email";
    static final String PHONE = "phone";
    static final String FOR_WHOM = "forWhom";
    static final String LANGUAGE = "language";
    static final String CONSENT = "consent";
    static final String EMERGENCY_NAME = "emergencyContactName";
    static final String EMERGENCY_PHONE = "emergencyContactPhone";
    static final String HONEYPOT = "website";
    static final Set<String> ALL = Set.of(FIRST_NAME, EMAIL, PHONE, FOR_WHOM, LANGUAGE, CONSENT, EMERGENCY_NAME,
            EMERGENCY_PHONE, HONEYPOT);

    /**
     * The outcome: a request, or the problems by field (and whether unknown fields were sent);
     * {@code language} is the one the person chose, if they chose a supported one.
     */
    record Result(SignupRequest request, Map<String, Bilingual> errors, boolean unknownFields, String language) {
        boolean isValid() {
            return request != null;
        }
    }

    private final Map<String, Object> values;
    private final Fields in;
    /** The messages {@code in} has been given, by the key it records a problem with. */
    private final Map<String, Bilingual> messages = new HashMap<>();
    private final boolean json;

    private SignupFields(Map<String, Object> values, boolean json) {
        this.values = values;
        this.in = new Fields(values);
        this.json = json;
    }

    static Result fromJson(Map<String, Object> body, GroupRules group) {
        return new SignupFields(body, true).read(group, !ALL.containsAll(body.keySet()));
    }

    /**
     * Form posts may carry other fields (a submit button's name, a site's own hidden fields):
     * ignored. A field sent twice becomes a list, which no text field accepts.
     */
    static Result fromForm(FormData form, GroupRules group) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String name : form.names()) {
            List<String> all = form.all(name);
            values.put(name, all.size() == 1 ? all.get(0) : all);
        }
        return new SignupFields(values, false).read(group, false);
    }

    private Result read(GroupRules group, boolean unknownFields) {
        String firstName = in.text(FIRST_NAME, true, 50, false, key(SignupTexts.FIRST_NAME));
        String typed = in.text(EMAIL, true, EmailAddress.MAX_LENGTH, false, key(SignupTexts.EMAIL));
        EmailAddress email = null;
        if (typed != null) {
            EmailAddress.Parsed parsed = EmailAddress.parse(typed);
            email = parsed.address();
            if (parsed.problem() == EmailAddress.Problem.NOT_DELIVERABLE) {
                in.error(EMAIL, key(SignupTexts.EMAIL_NOT_DELIVERABLE));
            } else if (parsed.problem() != null) {
                in.error(EMAIL, key(SignupTexts.EMAIL));
            }
        }
        String phone = phone(PHONE, SignupTexts.PHONE, false);
        String forWhomText = in.text(FOR_WHOM, true, 20, false, key(SignupTexts.FOR_WHOM));
        ForWhom forWhom = ForWhom.of(forWhomText);
        if (forWhomText != null && forWhom == null) {
            in.error(FOR_WHOM, key(SignupTexts.FOR_WHOM));
        }
        String chosen = in.text(LANGUAGE, false, 5, false, key(SignupTexts.LANGUAGE));
        if (chosen != null && !Languages.isSupported(chosen)) {
            in.error(LANGUAGE, key(SignupTexts.LANGUAGE));
            chosen = null;
        }
        if (!consented()) {
            in.error(CONSENT, key(SignupTexts.CONSENT));
        }
        String emergencyName = null;
        String emergencyPhone = null;
        if (group.requiresEmergencyContact()) {
            emergencyName = in.text(EMERGENCY_NAME, true, 100, false, key(SignupTexts.EMERGENCY_NAME));
            emergencyPhone = phone(EMERGENCY_PHONE, SignupTexts.EMERGENCY_PHONE, true);
        }
        if (in.hasErrors() || unknownFields) {
            Map<String, Bilingual> errors = new LinkedHashMap<>();
            in.errors().forEach((field, message) -> errors.put(field, messages.get(message)));
            return new Result(null, Collections.unmodifiableMap(errors), unknownFields, chosen);
        }
        String language = chosen == null ? group.defaultLanguage() : chosen;
        return new Result(new SignupRequest(firstName, email, phone, forWhom, language, emergencyName, emergencyPhone,
                honeypotFilled()), Map.of(), false, chosen);
    }

    private String phone(String field, Bilingual message, boolean required) {
        String text = in.text(field, required, PhoneNumbers.MAX_INPUT_LENGTH, false, key(message));
        String e164 = PhoneNumbers.toE164(text);
        if (text != null && e164 == null) {
            in.error(field, key(message));
        }
        return e164;
    }

    /** The key {@code in} records a problem with {@code message} under: its English text. */
    private String key(Bilingual message) {
        messages.put(message.english(), message);
        return message.english();
    }

    /** JSON {@code true}; a form's checkbox ({@code on}) or {@code true}. */
    private boolean consented() {
        Object value = values.get(CONSENT);
        if (json) {
            return Boolean.TRUE.equals(value);
        }
        return value instanceof String s && (s.strip().equalsIgnoreCase("on") || s.strip().equalsIgnoreCase("true"));
    }

    /** Anything but absent, null or blank in the hidden field means a bot filled it in. */
    private boolean honeypotFilled() {
        Object value = values.get(HONEYPOT);
        return value != null && !(value instanceof String s && s.isBlank());
    }

    /** Field names in the order a form shows them, for pages and messages. */
    static List<String> order() {
        return List.of(FIRST_NAME, EMAIL, PHONE, FOR_WHOM, LANGUAGE, EMERGENCY_NAME, EMERGENCY_PHONE, CONSENT);
    }
}
