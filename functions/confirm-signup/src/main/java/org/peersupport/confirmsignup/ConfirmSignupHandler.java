package org.peersupport.confirmsignup;

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
import org.peersupport.shared.store.GroupItem;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The confirm link in a confirm-request email (double opt-in). {@code GET /signups/confirm?token=T}
 * only shows a page naming the group, with a button, because mail scanners follow links; {@code
 * POST /signups/confirm} (form or JSON {@code {"token": T}}) confirms the sign-up — a place if the
 * group has one, else the waiting list — and queues its details email. The same token again
 * answers with where the sign-up stands and sends nothing. An unknown, expired or malformed token
 * gets one and the same 404.
 */
public final class ConfirmSignupHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String SHOW = "GET /signups/confirm";
    static final String CONFIRM = "POST /signups/confirm";

    private final Confirmations confirmations;
    private final ConfirmPages pages;
    private final Priming priming;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real DynamoDB client and clock. */
    public ConfirmSignupHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given DynamoDB client and clock. */
    public ConfirmSignupHandler(Env env, DynamoDbClient dynamoDb, Clock clock) {
        this.pages = new ConfirmPages(Html.Site.from(env));
        this.priming = Priming.register("confirm-signup", this::prime);
        this.confirmations = new Confirmations(dynamoDb, env.required("SIGNUPS_TABLE"),
                AwsClients.enhanced(dynamoDb).table(env.required("GROUPS_TABLE"), GroupItem.SCHEMA),
                env.integer("RETENTION_DAYS", 1, 3650), clock);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String route = event.getRouteKey() == null ? "" : event.getRouteKey();
        String lang = Languages.fromAcceptLanguage(Requests.header(event, "Accept-Language"), Languages.ENGLISH);
        RequestBodies.Type type = RequestBodies.type(event);
        boolean form = type == RequestBodies.Type.FORM || SHOW.equals(route);
        try {
            switch (route) {
                case SHOW:
                    return show(event, lang);
                case CONFIRM:
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
                return LinkToken.wrongShape("confirm");
            }
            lang = posted.language();
            String token = posted.token();
            Confirmations.Result result = token != null ? confirmations.confirm(token)
                    : new Confirmations.Result(Confirmations.Outcome.NOT_FOUND, null, null);
            return switch (result.outcome()) {
                case NOT_FOUND -> form ? pages.notFound(lang) : Responses.error(ErrorCode.NOT_FOUND);
                case CLOSED -> form ? pages.closed(lang) : Responses.error(ErrorCode.SIGNUPS_CLOSED);
                case DONE -> form ? pages.done(lang, result.status(), result.groupName())
                        : Responses.json(200, "{\"status\":\"" + result.status().wire() + "\"}", Responses.NO_STORE);
            };
        } catch (RequestBodies.TooLargeException e) {
            return Responses.error(ErrorCode.PAYLOAD_TOO_LARGE);
        } catch (RequestBodies.MalformedBodyException | MalformedJsonException e) {
            return form ? pages.notFound(lang) : Responses.error(ErrorCode.INVALID_REQUEST);
        } catch (SdkException e) {
            Log.error("confirm.unavailable", e, "route", route, "requestId", Requests.requestId(event));
            return form ? Responses.retryLater(pages.failed(503, lang)) : Responses.error(ErrorCode.UNAVAILABLE);
        } catch (RuntimeException e) {
            Log.error("confirm.failed", e, "route", route, "requestId", Requests.requestId(event));
            return form ? pages.failed(500, lang) : Responses.error(ErrorCode.INTERNAL_ERROR);
        }
    }

    /** The confirmation page; it reads, and changes nothing. */
    private APIGatewayV2HTTPResponse show(APIGatewayV2HTTPEvent event, String lang) {
        Map<String, String> query = Requests.query(event);
        String chosen = query.get("lang");
        String token = query.get("token");
        if (!LinkToken.isWellFormed(token)) {
            return pages.notFound(Languages.isSupported(chosen) ? chosen : lang);
        }
        Confirmations.Found found = confirmations.find(token);
        if (found != null && Languages.isSupported(found.language())) {
            lang = found.language();
        }
        if (Languages.isSupported(chosen)) {
            lang = chosen;
        }
        if (found == null) {
            return pages.notFound(lang);
        }
        GroupItem group = confirmations.group(found.groupId());
        if (found.status().isConfirmedByOwner()) {
            return pages.done(lang, found.status(), group == null ? "" : group.name());
        }
        if (!Confirmations.isOpen(group)) {
            return pages.closed(lang);
        }
        return pages.confirm(lang, token, group.name());
    }

    /** Before a snapshot: the link opened and its button pressed, with a token nobody holds. */
    private void prime() {
        Priming.link(SHOW, CONFIRM, "/signups/confirm").forEach(request -> handleRequest(request, null));
    }

    /** The hooks SnapStart calls (tests call them directly). */
    public Priming priming() {
        return priming;
    }
}
