package org.peersupport.createsignup;

import static org.peersupport.shared.http.Html.escape;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;
import org.peersupport.shared.http.Bilingual;
import org.peersupport.shared.http.Html;
import org.peersupport.shared.http.Languages;

/**
 * The pages a person using a plain HTML form sees when a sign-up cannot be taken. The form is
 * shown again, empty: what they typed is never sent back (the Back button usually keeps it).
 */
final class SignupFormPages {
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
        StringBuilder body = new StringBuilder();
        body.append("<h1>").append(escape(SignupTexts.PAGE_INVALID_TITLE.in(lang))).append("</h1>\n");
        if (group != null) {
            body.append("<p>").append(escape(SignupTexts.PAGE_INVALID_GROUP.in(lang, group.name()))).append("</p>\n");
        }
        body.append("<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\">\n")
                .append("<h2 id=\"error-summary-title\">").append(escape(SignupTexts.PAGE_INVALID_SUMMARY.in(lang)))
                .append("</h2>\n<ul>\n");
        if (errors.isEmpty()) { // a body we could not read: no field to point at, and no form on this page
            body.append("<li>").append(escape(SignupTexts.PAGE_MALFORMED_ITEM.in(lang))).append("</li>\n");
        }
        for (String field : SignupFields.order()) {
            Bilingual message = errors.get(field);
            if (message != null) {
                body.append("<li><a href=\"#").append(anchor(field)).append("\">").append(escape(message.in(lang)))
                        .append("</a></li>\n");
            }
        }
        body.append("</ul>\n</div>\n<p>").append(escape(SignupTexts.PAGE_INVALID_PRIVACY.in(lang))).append("</p>\n");
        if (group != null) {
            form(body, lang, group, errors);
        }
        return Html.page(site, 400, lang, SignupTexts.PAGE_INVALID_TITLE.in(lang), body.toString(), thankYouOrigin);
    }

    /** A page with a heading and one paragraph, for 404, 409, 413, 500 and 503. */
    APIGatewayV2HTTPResponse message(int status, String lang, Bilingual title, Bilingual text) {
        String body = "<h1>" + escape(title.in(lang)) + "</h1>\n<p>" + escape(text.in(lang)) + "</p>";
        return Html.page(site, status, lang, title.in(lang), body);
    }

    private void form(StringBuilder out, String lang, GroupRules group, Map<String, Bilingual> errors) {
        // "signups" is relative to /groups/{groupId}/signups, so it works under any base path.
        out.append("<form method=\"post\" action=\"signups\" accept-charset=\"utf-8\">\n");
        input(out, lang, errors, SignupFields.FIRST_NAME, "text", SignupTexts.LABEL_FIRST_NAME, "given-name", 50, true);
        input(out, lang, errors, SignupFields.EMAIL, "email", SignupTexts.LABEL_EMAIL, "email", 254, true);
        input(out, lang, errors, SignupFields.PHONE, "tel", SignupTexts.LABEL_PHONE, "tel", 30, false);

        out.append("<fieldset").append(invalidAttributes(errors, SignupFields.FOR_WHOM)).append(">\n<legend>")
                .append(escape(SignupTexts.LABEL_FOR_WHOM.in(lang))).append("</legend>\n");
        error(out, lang, errors, SignupFields.FOR_WHOM);
        radio(out, "forWhom-self", "self", SignupTexts.LABEL_SELF.in(lang));
        radio(out, "forWhom-loved_one", "loved_one", SignupTexts.LABEL_LOVED_ONE.in(lang));
        out.append("</fieldset>\n");

        out.append("<label for=\"language\">").append(escape(SignupTexts.LABEL_LANGUAGE.in(lang))).append("</label>\n");
        error(out, lang, errors, SignupFields.LANGUAGE);
        out.append("<select id=\"language\" name=\"language\"").append(invalidAttributes(errors, SignupFields.LANGUAGE))
                .append(">\n")
                .append(option(Languages.ENGLISH, "English", lang))
                .append(option(Languages.SPANISH, "Español", lang))
                .append("</select>\n");

        if (group.requiresEmergencyContact()) {
            input(out, lang, errors, SignupFields.EMERGENCY_NAME, "text", SignupTexts.LABEL_EMERGENCY_NAME, "off", 100, true);
            input(out, lang, errors, SignupFields.EMERGENCY_PHONE, "tel", SignupTexts.LABEL_EMERGENCY_PHONE, "off", 30, true);
        }

        error(out, lang, errors, SignupFields.CONSENT);
        out.append("<div class=\"choice\"><input type=\"checkbox\" id=\"consent\" name=\"consent\" value=\"on\" required")
                .append(invalidAttributes(errors, SignupFields.CONSENT)).append("> <label for=\"consent\">")
                .append(escape(SignupTexts.LABEL_CONSENT.in(lang, site.orgName(), retentionDays))).append("</label></div>\n");

        // The honeypot: hidden from people (and assistive technology), filled in by naive bots.
        out.append("<div hidden><label for=\"website\">").append(escape(SignupTexts.LABEL_HONEYPOT.in(lang)))
                .append("</label><input type=\"text\" id=\"website\" name=\"website\" tabindex=\"-1\" autocomplete=\"off\">"
                        + "</div>\n");
        out.append("<button type=\"submit\">").append(escape(SignupTexts.BUTTON_SIGN_UP.in(lang))).append("</button>\n")
                .append("</form>");
    }

    private static void input(StringBuilder out, String lang, Map<String, Bilingual> errors, String field, String type,
                              Bilingual label, String autocomplete, int maxLength, boolean required) {
        out.append("<label for=\"").append(field).append("\">").append(escape(label.in(lang))).append("</label>\n");
        error(out, lang, errors, field);
        out.append("<input type=\"").append(type).append("\" id=\"").append(field).append("\" name=\"").append(field)
                .append("\" autocomplete=\"").append(autocomplete).append("\" maxlength=\"").append(maxLength).append('"')
                .append(required ? " required" : "").append(invalidAttributes(errors, field)).append(">\n");
    }

    private static void radio(StringBuilder out, String id, String value, String label) {
        out.append("<div class=\"choice\"><input type=\"radio\" id=\"").append(id).append("\" name=\"forWhom\" value=\"")
                .append(value).append("\" required> <label for=\"").append(id).append("\">").append(escape(label))
                .append("</label></div>\n");
    }

    private static String option(String value, String label, String lang) {
        return "<option value=\"" + value + "\" lang=\"" + value + "\"" + (value.equals(lang) ? " selected" : "") + ">"
                + escape(label) + "</option>\n";
    }

    private static void error(StringBuilder out, String lang, Map<String, Bilingual> errors, String field) {
        Bilingual message = errors.get(field);
        if (message != null) {
            out.append("<span class=\"error\" id=\"").append(field).append("-error\">")
                    .append(escape(message.in(lang))).append("</span>\n");
        }
    }

    private static String invalidAttributes(Map<String, Bilingual> errors, String field) {
        return errors.containsKey(field) ? " aria-invalid=\"true\" aria-describedby=\"" + field + "-error\"" : "";
    }

    /** Where a problem's link goes: the field itself (the first choice, for the radio buttons). */
    static String anchor(String field) {
        return SignupFields.FOR_WHOM.equals(field) ? "forWhom-self" : field;
    }
}
