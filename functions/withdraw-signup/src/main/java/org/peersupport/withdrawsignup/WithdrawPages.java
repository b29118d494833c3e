package org.peersupport.withdrawsignup;

import static org.peersupport.shared.http.Html.escape;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.peersupport.shared.http.Html;
import org.peersupport.shared.http.Languages;

/** The withdraw pages: a confirmation with one button (a GET never deletes), the result, and "can't be used". */
final class WithdrawPages {
    private WithdrawPages() {
    }

    /** The page a withdraw link opens; the button posts the token. */
    static APIGatewayV2HTTPResponse confirm(String lang, String token) {
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
        return Html.page(200, lang, WithdrawTexts.CONFIRM_TITLE.in(lang), body, Html.crisisFooter(lang));
    }

    static APIGatewayV2HTTPResponse done(String lang) {
        return simple(200, lang, WithdrawTexts.DONE_TITLE, WithdrawTexts.DONE_TEXT);
    }

    /** The same page for an unknown, used, expired or malformed token. */
    static APIGatewayV2HTTPResponse notFound(String lang) {
        return simple(404, lang, WithdrawTexts.NOT_FOUND_TITLE, WithdrawTexts.NOT_FOUND_TEXT);
    }

    static APIGatewayV2HTTPResponse failed(int status, String lang) {
        return simple(status, lang, WithdrawTexts.FAILED_TITLE, WithdrawTexts.FAILED_TEXT);
    }

    private static APIGatewayV2HTTPResponse simple(int status, String lang, WithdrawTexts title, WithdrawTexts text) {
        String body = "<h1>" + escape(title.in(lang)) + "</h1>\n<p>" + escape(text.in(lang)) + "</p>";
        return Html.page(status, lang, title.in(lang), body, Html.crisisFooter(lang));
    }
}
