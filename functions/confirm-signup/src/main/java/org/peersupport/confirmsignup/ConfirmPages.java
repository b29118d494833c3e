package org.peersupport.confirmsignup;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.peersupport.shared.http.Bilingual;
import org.peersupport.shared.http.Html;
import org.peersupport.shared.model.SignupStatus;

/** The confirm pages: the question with one button (a GET changes nothing), the result, and "can't be used". */
final class ConfirmPages {
    private final Html.Site site;

    ConfirmPages(Html.Site site) {
        this.site = site;
    }

    /** The page a confirm link opens; the button posts the token to /signups/confirm. */
    APIGatewayV2HTTPResponse confirm(String lang, String token, String groupName) {
        return Html.question(site, lang, "confirm", token, ConfirmTexts.CONFIRM_TITLE.in(lang),
                ConfirmTexts.CONFIRM_TEXT.in(lang, groupName), ConfirmTexts.CONFIRM_BUTTON.in(lang),
                ConfirmTexts.CONFIRM_IGNORE.in(lang));
    }

    /** Where the sign-up stands now: confirmed or waitlisted (the same page for the same token again). */
    APIGatewayV2HTTPResponse done(String lang, SignupStatus status, String groupName) {
        boolean waitlisted = status == SignupStatus.WAITLISTED;
        Bilingual title = waitlisted ? ConfirmTexts.WAITLISTED_TITLE : ConfirmTexts.CONFIRMED_TITLE;
        Bilingual text = waitlisted ? ConfirmTexts.WAITLISTED_TEXT : ConfirmTexts.CONFIRMED_TEXT;
        return Html.message(site, 200, lang, title.in(lang), text.in(lang, groupName));
    }

    /** The same page for an unknown, expired or malformed token. */
    APIGatewayV2HTTPResponse notFound(String lang) {
        return Html.message(site, 404, lang, ConfirmTexts.NOT_FOUND_TITLE, ConfirmTexts.NOT_FOUND_TEXT);
    }

    APIGatewayV2HTTPResponse closed(String lang) {
        return Html.message(site, 409, lang, ConfirmTexts.CLOSED_TITLE, ConfirmTexts.CLOSED_TEXT);
    }

    APIGatewayV2HTTPResponse failed(int status, String lang) {
        return Html.message(site, status, lang, ConfirmTexts.FAILED_TITLE, ConfirmTexts.FAILED_TEXT);
    }
}
