package org.peersupport.withdrawsignup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.Map;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.aws.Priming;
import org.peersupport.shared.http.ErrorCode;
import org.peersupport.shared.http.Html;
import org.peersupport.shared.http.Languages;
import org.peersupport.shared.http.LinkToken;
import org.peersupport.shared.http.RequestBodies;
import org.peersupport.shared.http.Requests;
import org.peersupport.shared.http.Responses;
import org.peersupport.shared.json.MalformedJsonException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The withdraw link in a confirmation email. {@code GET /signups/withdraw?token=T} only shows a
 * page with a button (reading, never deleting), because mail scanners follow links; {@code POST /signups/withdraw} (form or
 * JSON {@code {"token": T}}) deletes the sign-up. An unknown, used, expired or malformed token
 * gets one and the same 404, whose page reads as the end of the matter rather than a failure.
 */
public final class WithdrawSignupHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String SHOW = "GET /signups/withdraw";
    static final String WITHDRAW = "POST /signups/withdraw";
    static final String WITHDRAWN = "{\"status\":\"withdrawn\"}";

    private final Withdrawals withdrawals;
    private final WithdrawPages pages;
    private final Priming priming;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real DynamoDB client and clock. */
    public WithdrawSignupHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given DynamoDB client and clock. */
    public WithdrawSignupHandler(Env env, DynamoDbClient dynamoDb, Clock clock) {
        this.pages = new WithdrawPages(Html.Site.from(env));
        this.priming = Priming.register("withdraw-signup", this::prime);
        this.withdrawals = new Withdrawals(dynamoDb, AwsClients.enhanced(dynamoDb), env.required("SIGNUPS_TABLE"),
                env.required("GROUPS_TABLE"), clock);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String route = event.getRouteKey() == null ? "" : event.getRouteKey();
        String lang = Languages.fromAcceptLanguage(Requests.header(event, "Accept-Language"), Languages.ENGLISH);
        RequestBodies.Type type = RequestBodies.type(event);
        boolean form = type == RequestBodies.Type.FORM;
        try {
            switch (route) {
                case SHOW:
                    return show(event, lang);
                case WITHDRAW:
                    break;
                default:
                    return Responses.error(ErrorCode.NOT_FOUND);
            }
            if (type == null) {
                return Responses.error(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            }
            LinkToken.Posted posted;
            try {
                posted = LinkToken.read(event, form, lang);
            } catch (LinkToken.WrongShapeException e) {
                return LinkToken.wrongShape("withdraw");
            }
            lang = posted.language();
            String token = posted.token();
            Withdrawals.Result result = token != null ? withdrawals.withdraw(token) : Withdrawals.Result.NOT_FOUND;
            if (result == Withdrawals.Result.NOT_FOUND) {
                return form ? pages.notFound(lang) : Responses.error(ErrorCode.NOT_FOUND);
            }
            return form ? pages.done(lang) : Responses.json(200, WITHDRAWN, Responses.NO_STORE);
        } catch (RequestBodies.TooLargeException e) {
            return Responses.error(ErrorCode.PAYLOAD_TOO_LARGE);
        } catch (RequestBodies.MalformedBodyException | MalformedJsonException e) {
            return form ? pages.notFound(lang) : Responses.error(ErrorCode.INVALID_REQUEST);
        } catch (SdkException e) {
            Log.error("withdraw.unavailable", e, "route", route, "requestId", Requests.requestId(event));
            return form ? Responses.retryLater(pages.failed(503, lang)) : Responses.error(ErrorCode.UNAVAILABLE);
        } catch (RuntimeException e) {
            Log.error("withdraw.failed", e, "route", route, "requestId", Requests.requestId(event));
            return form ? pages.failed(500, lang) : Responses.error(ErrorCode.INTERNAL_ERROR);
        }
    }

    /**
     * The confirmation page; it deletes nothing. A link that can no longer withdraw anything (used,
     * expired) says so at once; if the table cannot be read, the page is shown all the same and its
     * button tells.
     */
    private APIGatewayV2HTTPResponse show(APIGatewayV2HTTPEvent event, String lang) {
        Map<String, String> query = Requests.query(event);
        String chosen = query.get("lang");
        if (Languages.isSupported(chosen)) {
            lang = chosen;
        }
        String token = query.get("token");
        if (!LinkToken.isWellFormed(token)) {
            return pages.notFound(lang);
        }
        try {
            if (!withdrawals.isLive(token)) {
                return pages.notFound(lang);
            }
        } catch (SdkException e) {
            Log.warn("withdraw.show_unchecked", "errorType", e.getClass().getSimpleName(),
                    "requestId", Requests.requestId(event));
        }
        return pages.confirm(lang, token);
    }

    /** Before a snapshot: the link opened and its button pressed, with a token nobody holds. */
    private void prime() {
        Priming.link(SHOW, WITHDRAW, "/signups/withdraw").forEach(request -> handleRequest(request, null));
    }

    /** The hooks SnapStart calls (tests call them directly). */
    public Priming priming() {
        return priming;
    }
}
