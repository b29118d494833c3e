package org.peersupport.createsignup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.samskivert.mustache.Template;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.http.Bilingual;
import org.peersupport.shared.http.Html;
import org.peersupport.shared.http.Languages;

/**
 * The pages a person using a plain HTML form sees when a sign-up cannot be taken. The form is
 * shown again, empty: what they typed is never sent back (the Back button usually keeps it).
 */
final class SignupFormPages {
    /** The problems and the form again: signup-form.html, with text-input.html and field-error.html. */
    private static final Template INVALID = Html.template(SignupFormPages.class, "signup-form");

    private final Html.Site site;
    private final int retentionDays;
    private final String thankYouOrigin;

    SignupFormPages(Html.Site site, int retentionDays, String thankYouOrigin) {
        this.site = site;
        this.retentionDays = retentionDays;
        this.thankYouOrigin = thankYouOrigin;
    }

    /** 400: the problems, each linking to its field in the form below them. */
    APIGatewayV2HTTPResponse invalid(String lang, GroupRules group, Map<String, Bilingual> errors) {
        Map<String, Object> page = new HashMap<>();
        page.put("hasGroup", group != null);
        page.put("groupLine", group == null ? "" : SignupTexts.PAGE_INVALID_GROUP.in(lang, group.name()));
        page.put("summary", SignupTexts.PAGE_INVALID_SUMMARY.in(lang));
        page.put("malformed", errors.isEmpty());
        page.put("malformedItem", SignupTexts.PAGE_MALFORMED_ITEM.in(lang));
        List<Map<String, String>> problems = new ArrayList<>();
        for (String field : SignupFields.order()) {
            Bilingual message = errors.get(field);
            if (message != null) {
                problems.add(Map.of("anchor", anchor(field), "message", message.in(lang)));
            }
        }
        page.put("problems", problems);
        page.put("privacy", SignupTexts.PAGE_INVALID_PRIVACY.in(lang));
        if (group != null) {
            page.put("inputs", List.of(
                    input(lang, errors, SignupFields.FIRST_NAME, "text", SignupTexts.LABEL_FIRST_NAME, "given-name", 50,
                            true),
                    input(lang, errors, SignupFields.EMAIL, "email", SignupTexts.LABEL_EMAIL, "email", 254, true),
                    input(lang, errors, SignupFields.PHONE, "tel", SignupTexts.LABEL_PHONE, "tel", 30, false)));
            page.put("forWhom", field(lang, errors, SignupFields.FOR_WHOM, SignupTexts.LABEL_FOR_WHOM.in(lang)));
            page.put("self", SignupTexts.LABEL_SELF.in(lang));
            page.put("lovedOne", SignupTexts.LABEL_LOVED_ONE.in(lang));
            page.put("language", field(lang, errors, SignupFields.LANGUAGE, SignupTexts.LABEL_LANGUAGE.in(lang)));
            page.put("english", Languages.ENGLISH.equals(lang));
            page.put("emergencyInputs", !group.requiresEmergencyContact() ? List.of() : List.of(
                    input(lang, errors, SignupFields.EMERGENCY_NAME, "text", SignupTexts.LABEL_EMERGENCY_NAME, "off",
                            100, true),
                    input(lang, errors, SignupFields.EMERGENCY_PHONE, "tel", SignupTexts.LABEL_EMERGENCY_PHONE, "off",
                            30, true)));
            page.put("consent", field(lang, errors, SignupFields.CONSENT,
                    SignupTexts.LABEL_CONSENT.in(lang, site.orgName(), retentionDays)));
            page.put("honeypot", SignupTexts.LABEL_HONEYPOT.in(lang));
            page.put("button", SignupTexts.BUTTON_SIGN_UP.in(lang));
        }
        return Html.page(site, 400, lang, SignupTexts.PAGE_INVALID_TITLE.in(lang), INVALID, page, thankYouOrigin);
    }

    /** A page with a heading and one paragraph, for 404, 409, 413, 500 and 503. */
    APIGatewayV2HTTPResponse message(int status, String lang, Bilingual title, Bilingual text) {
        return Html.message(site, status, lang, title, text);
    }

    /** A field of the form: its name (and id), its label, and the problem with it, if there is one. */
    private static Map<String, Object> field(String lang, Map<String, Bilingual> errors, String name, String label) {
        Bilingual error = errors.get(name);
        Map<String, Object> field = new HashMap<>();
        field.put("id", name);
        field.put("label", label);
        field.put("invalid", error != null);
        field.put("error", error == null ? "" : error.in(lang));
        return field;
    }

    /** A text field (text-input.html): a field, and its input's type, autocomplete, length and whether required. */
    private static Map<String, Object> input(String lang, Map<String, Bilingual> errors, String name, String type,
                                             Bilingual label, String autocomplete, int maxLength, boolean required) {
        Map<String, Object> input = field(lang, errors, name, label.in(lang));
        input.put("type", type);
        input.put("autocomplete", autocomplete);
        input.put("maxLength", maxLength);
        input.put("required", required);
        return input;
    }

    /** Where a problem's link goes: the field itself (the first choice, for the radio buttons). */
    static String anchor(String field) {
        return SignupFields.FOR_WHOM.equals(field) ? "forWhom-self" : field;
    }
}
