package org.peersupport.withdrawsignup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.peersupport.shared.http.Html;

/** The withdraw pages: a confirmation with one button (a GET never deletes), the result, and "used or ended". */
final class WithdrawPages {
    private final Html.Site site;

    WithdrawPages(Html.Site site) {
        this.site = site;
    }

    /** The page a withdraw link opens; the button posts the token to /signups/withdraw. */
    APIGatewayV2HTTPResponse confirm(String lang, String token) {
        return Html.question(site, lang, "withdraw", token, WithdrawTexts.CONFIRM_TITLE.in(lang),
                WithdrawTexts.CONFIRM_TEXT.in(lang), WithdrawTexts.CONFIRM_BUTTON.in(lang),
                WithdrawTexts.CONFIRM_KEEP.in(lang));
    }

    APIGatewayV2HTTPResponse done(String lang) {
        return Html.message(site, 200, lang, WithdrawTexts.DONE_TITLE, WithdrawTexts.DONE_TEXT);
    }

    /** The same page for an unknown, used, expired or malformed token. */
    APIGatewayV2HTTPResponse notFound(String lang) {
        return Html.message(site, 404, lang, WithdrawTexts.NOT_FOUND_TITLE, WithdrawTexts.NOT_FOUND_TEXT);
    }

    APIGatewayV2HTTPResponse failed(int status, String lang) {
        return Html.message(site, status, lang, WithdrawTexts.FAILED_TITLE, WithdrawTexts.FAILED_TEXT);
    }
}
