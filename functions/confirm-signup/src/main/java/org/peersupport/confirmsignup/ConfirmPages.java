package org.peersupport.confirmsignup;

import static org.peersupport.shared.http.Html.escape;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.peersupport.shared.http.Bilingual;
import org.peersupport.shared.http.Html;
import org.peersupport.shared.http.Languages;
import org.peersupport.shared.model.SignupStatus;

/** The confirm pages: the question with one button (a GET changes nothing), the result, and "can't be used". */
final class ConfirmPages {
    private final Html.Site site;

    ConfirmPages(Html.Site site) {
        this.site = site;
    }

    /** The page a confirm link opens; the button posts the token. */
    APIGatewayV2HTTPResponse confirm(String lang, String token, String groupName) {
        String other = Languages.SPANISH.equals(lang) ? Languages.ENGLISH : Languages.SPANISH;
        String body = "<h1>" + escape(ConfirmTexts.CONFIRM_TITLE.in(lang)) + "</h1>\n"
                + "<p>" + escape(ConfirmTexts.CONFIRM_TEXT.in(lang, groupName)) + "</p>\n"
                // "confirm" is relative to /signups/confirm, so it works under any base path.
                + "<form method=\"post\" action=\"confirm\">\n"
                + "<input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">\n"
                + "<input type=\"hidden\" name=\"language\" value=\"" + lang + "\">\n"
                + "<button type=\"submit\">" + escape(ConfirmTexts.CONFIRM_BUTTON.in(lang)) + "</button>\n"
                + "</form>\n"
                + "<p>" + escape(ConfirmTexts.CONFIRM_IGNORE.in(lang)) + "</p>\n"
                + "<p><a href=\"confirm?token=" + escape(URLEncoder.encode(token, StandardCharsets.UTF_8)) + "&amp;lang="
                + other + "\" lang=\"" + other + "\" hreflang=\"" + other + "\">"
                + escape(ConfirmTexts.OTHER_LANGUAGE.in(lang)) + "</a></p>";
        return Html.page(site, 200, lang, ConfirmTexts.CONFIRM_TITLE.in(lang), body);
    }

    /** Where the sign-up stands now: confirmed or waitlisted (the same page for the same token again). */
    APIGatewayV2HTTPResponse done(String lang, SignupStatus status, String groupName) {
        boolean waitlisted = status == SignupStatus.WAITLISTED;
        Bilingual title = waitlisted ? ConfirmTexts.WAITLISTED_TITLE : ConfirmTexts.CONFIRMED_TITLE;
        Bilingual text = waitlisted ? ConfirmTexts.WAITLISTED_TEXT : ConfirmTexts.CONFIRMED_TEXT;
        String body = "<h1>" + escape(title.in(lang)) + "</h1>\n<p>" + escape(text.in(lang, groupName)) + "</p>";
        return Html.page(site, 200, lang, title.in(lang), body);
    }

    /** The same page for an unknown, expired or malformed token. */
    APIGatewayV2HTTPResponse notFound(String lang) {
        return simple(404, lang, ConfirmTexts.NOT_FOUND_TITLE, ConfirmTexts.NOT_FOUND_TEXT);
    }

    APIGatewayV2HTTPResponse closed(String lang) {
        return simple(409, lang, ConfirmTexts.CLOSED_TITLE, ConfirmTexts.CLOSED_TEXT);
    }

    APIGatewayV2HTTPResponse failed(int status, String lang) {
        return simple(status, lang, ConfirmTexts.FAILED_TITLE, ConfirmTexts.FAILED_TEXT);
    }

    private APIGatewayV2HTTPResponse simple(int status, String lang, Bilingual title, Bilingual text) {
        String body = "<h1>" + escape(title.in(lang)) + "</h1>\n<p>" + escape(text.in(lang)) + "</p>";
        return Html.page(site, status, lang, title.in(lang), body);
    }
}
