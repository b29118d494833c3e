package org.peersupport.withdrawsignup;

import static org.peersupport.shared.http.Html.escape;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.peersupport.shared.http.Bilingual;
import org.peersupport.shared.http.Html;
import org.peersupport.shared.http.Languages;

/** The withdraw pages: a confirmation with one button (a GET never deletes), the result, and "used or ended". */
final class WithdrawPages {
    private final Html.Site site;

    WithdrawPages(Html.Site site) {
        this.site = site;
    }

    /** The page a withdraw link opens; the button posts the token. */
    APIGatewayV2HTTPResponse confirm(String lang, String token) {
        String other = Languages.SPANISH.equals(lang) ? Languages.ENGLISH : Languages.SPANISH;
        String body = "<h1>" + escape(WithdrawTexts.CONFIRM_TITLE.in(lang)) + "</h1>\n"
                + "<p>" + escape(WithdrawTexts.CONFIRM_TEXT.in(lang)) + "</p>\n"
                // "withdraw" is relative to /signups/withdraw, so it works under any base path.
                + "<form method=\"post\" action=\"withdraw\">\n"
                + "<input type=\"hidden\" name=\"token\" value=\"" + escape(token) + "\">\n"
                + "<input type=\"hidden\" name=\"language\" value=\"" + lang + "\">\n"
                + "<button type=\"submit\">" + escape(WithdrawTexts.CONFIRM_BUTTON.in(lang)) + "</button>\n"
                + "</form>\n"
                + "<p>" + escape(WithdrawTexts.CONFIRM_KEEP.in(lang)) + "</p>\n"
                + "<p><a href=\"withdraw?token=" + escape(URLEncoder.encode(token, StandardCharsets.UTF_8)) + "&amp;lang="
                + other + "\" lang=\"" + other + "\" hreflang=\"" + other + "\">"
                + escape(WithdrawTexts.OTHER_LANGUAGE.in(lang)) + "</a></p>";
        return Html.page(site, 200, lang, WithdrawTexts.CONFIRM_TITLE.in(lang), body);
    }

    APIGatewayV2HTTPResponse done(String lang) {
        return simple(200, lang, WithdrawTexts.DONE_TITLE, WithdrawTexts.DONE_TEXT);
    }

    /** The same page for an unknown, used, expired or malformed token. */
    APIGatewayV2HTTPResponse notFound(String lang) {
        return simple(404, lang, WithdrawTexts.NOT_FOUND_TITLE, WithdrawTexts.NOT_FOUND_TEXT);
    }

    APIGatewayV2HTTPResponse failed(int status, String lang) {
        return simple(status, lang, WithdrawTexts.FAILED_TITLE, WithdrawTexts.FAILED_TEXT);
    }

    private APIGatewayV2HTTPResponse simple(int status, String lang, Bilingual title, Bilingual text) {
        String body = "<h1>" + escape(title.in(lang)) + "</h1>\n<p>" + escape(text.in(lang)) + "</p>";
        return Html.page(site, status, lang, title.in(lang), body);
    }
}
