package org.peersupport.createsignup;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    record Result(SignupRequest request, Map<String, SignupTexts> errors, boolean unknownFields, String language) {
        boolean isValid() {
            return request != null;
        }
    }

    private final Map<String, Object> values;
    private final Fields in;
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
        String firstName = in.text(FIRST_NAME, true, 50, false, SignupTexts.FIRST_NAME.name());
        String typed = in.text(EMAIL, true, EmailAddress.MAX_LENGTH, false, SignupTexts.EMAIL.name());
        EmailAddress email = null;
        if (typed != null) {
            EmailAddress.Parsed parsed = EmailAddress.parse(typed);
            email = parsed.address();
            if (parsed.problem() == EmailAddress.Problem.NOT_DELIVERABLE) {
                in.error(EMAIL, SignupTexts.EMAIL_NOT_DELIVERABLE.name());
            } else if (parsed.problem() != null) {
                in.error(EMAIL, SignupTexts.EMAIL.name());
            }
        }
        String phone = phone(PHONE, SignupTexts.PHONE, false);
        String forWhomText = in.text(FOR_WHOM, true, 20, false, SignupTexts.FOR_WHOM.name());
        ForWhom forWhom = ForWhom.of(forWhomText);
        if (forWhomText != null && forWhom == null) {
            in.error(FOR_WHOM, SignupTexts.FOR_WHOM.name());
        }
        String chosen = in.text(LANGUAGE, false, 5, false, SignupTexts.LANGUAGE.name());
        if (chosen != null && !Languages.isSupported(chosen)) {
            in.error(LANGUAGE, SignupTexts.LANGUAGE.name());
            chosen = null;
        }
        if (!consented()) {
            in.error(CONSENT, SignupTexts.CONSENT.name());
        }
        String emergencyName = null;
        String emergencyPhone = null;
        if (group.requiresEmergencyContact()) {
            emergencyName = in.text(EMERGENCY_NAME, true, 100, false, SignupTexts.EMERGENCY_NAME.name());
            emergencyPhone = phone(EMERGENCY_PHONE, SignupTexts.EMERGENCY_PHONE, true);
        }
        if (in.hasErrors() || unknownFields) {
            Map<String, SignupTexts> errors = new LinkedHashMap<>();
            in.errors().forEach((field, message) -> errors.put(field, SignupTexts.valueOf(message)));
            return new Result(null, Collections.unmodifiableMap(errors), unknownFields, chosen);
        }
        String language = chosen == null ? group.defaultLanguage() : chosen;
        return new Result(new SignupRequest(firstName, email, phone, forWhom, language, emergencyName, emergencyPhone,
                honeypotFilled()), Map.of(), false, chosen);
    }

    private String phone(String field, SignupTexts message, boolean required) {
        String text = in.text(field, required, PhoneNumbers.MAX_INPUT_LENGTH, false, message.name());
        String e164 = PhoneNumbers.toE164(text);
        if (text != null && e164 == null) {
            in.error(field, message.name());
        }
        return e164;
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
