package org.peersupport.createsignup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.peersupport.shared.Env;
import org.peersupport.shared.Log;
import org.peersupport.shared.aws.AwsClients;
import org.peersupport.shared.aws.Priming;
import org.peersupport.shared.http.ErrorCode;
import org.peersupport.shared.http.FormData;
import org.peersupport.shared.http.Html;
import org.peersupport.shared.http.Languages;
import org.peersupport.shared.http.RequestBodies;
import org.peersupport.shared.http.Requests;
import org.peersupport.shared.http.Responses;
import org.peersupport.shared.json.Json;
import org.peersupport.shared.json.MalformedJsonException;
import org.peersupport.shared.model.GroupInput;
import org.peersupport.shared.model.GroupStatus;
import org.peersupport.shared.privacy.PersonalKeys;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * {@code POST /groups/{groupId}/signups}: a confidential interest sign-up, from a JSON client or a
 * plain HTML form, stored {@code unconfirmed} until the address's owner follows the emailed
 * confirm link (confirm-signup). Whatever happens to a valid sign-up (new, a repeat, a bot, the
 * address's daily emails used up) the answer is the same, after the same calls: 202
 * {@code {"status":"received"}}, or a 303 to the stack's ThankYouUrl for a form. Only the source
 * IP's own limit is answered otherwise (429), and it says nothing about anyone. Nothing the person
 * typed is ever logged or sent back.
 */
public final class CreateSignupHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final String ROUTE = "POST /groups/{groupId}/signups";
    static final String RECEIVED = "{\"status\":\"received\"}";

    private final GroupSource groups;
    private final SignupService service;
    private final SignupFormPages pages;
    private final String thankYouUrl;
    private final Priming priming;

    /** Used by Lambda: configuration from the environment template.yaml sets, the real clients and clock. */
    public CreateSignupHandler() {
        this(Env.system(), AwsClients.dynamoDb(Env.system()), AwsClients.kms(Env.system()), Clock.systemUTC());
    }

    /** Configuration from {@code env}, over the given DynamoDB and KMS clients and clock. */
    public CreateSignupHandler(Env env, DynamoDbClient dynamoDb, KmsClient kms, Clock clock) {
        int retentionDays = env.integer("RETENTION_DAYS", 1, 3650);
        RateLimits limits = new RateLimits(dynamoDb, env.required("RATE_LIMITS_TABLE"),
                env.integer("SIGNUPS_PER_IP_PER_HOUR", 1, 1_000_000), env.integer("SIGNUPS_PER_EMAIL_PER_DAY", 1, 10_000));
        this.groups = new GroupSource(AwsClients.enhanced(dynamoDb), env.required("GROUPS_TABLE"));
        this.service = new SignupService(new PersonalKeys(PersonalKeys.kms(kms, env.required("EMAIL_HASH_KEY"))), limits,
                new SignupStore(dynamoDb, env.required("SIGNUPS_TABLE"), limits), clock);
        this.thankYouUrl = env.publicUrl("THANK_YOU_URL");
        URI thankYou = URI.create(thankYouUrl);
        String origin = thankYou.getScheme() + "://" + thankYou.getRawAuthority();
        this.pages = new SignupFormPages(Html.Site.from(env), retentionDays, origin);
        this.priming = Priming.register("create-signup", this::prime);
    }

    /**
     * Before a snapshot: a sign-up for a group that does not exist, as JSON and as a form (one read
     * of the Groups table, nothing written), then a whole sign-up checked and its problems' page
     * rendered, without a group to store it in (an internationalised address loads the IDNA data).
     */
    private void prime() {
        String group = "snapstart-priming";
        Map<String, String> path = Map.of("groupId", group);
        handleRequest(Priming.request(ROUTE, "/groups/" + group + "/signups", path, null, "application/json", "{}"), null);
        handleRequest(Priming.request(ROUTE, "/groups/" + group + "/signups", path, null,
                "application/x-www-form-urlencoded", "firstName=&consent=on"), null);
        GroupRules rules = new GroupRules(group, "Priming", GroupStatus.ACTIVE, false, null, true, List.of("en", "es"));
        SignupFields.fromJson(Json.parseObject("{\"firstName\":\"Prime\",\"email\":\"prime@b\u00fccher.example\","
                + "\"phone\":\"719 555 0123\",\"forWhom\":\"self\",\"language\":\"es\",\"consent\":true,"
                + "\"emergencyContactName\":\"Prime\",\"emergencyContactPhone\":\"+44 20 7946 0000\"}"), rules);
        SignupFields.fromForm(FormData.parse("firstName=Prime&email=prime%40example.org&forWhom=self&consent=on"), rules);
        pages.invalid("es", rules, Map.of(SignupFields.PHONE, SignupTexts.PHONE));
    }

    /** The hooks SnapStart calls (tests call them directly). */
    public Priming priming() {
        return priming;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        RequestBodies.Type type = RequestBodies.type(event);
        boolean form = type == RequestBodies.Type.FORM;
        String groupId = Requests.pathParameter(event, "groupId");
        String lang = Languages.fromAcceptLanguage(Requests.header(event, "Accept-Language"), Languages.ENGLISH);
        try {
            if (!ROUTE.equals(event.getRouteKey())) {
                return Responses.error(ErrorCode.NOT_FOUND);
            }
            if (type == null) {
                return Responses.error(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            }
            String body = RequestBodies.text(event, RequestBodies.MAX_BYTES);
            GroupRules group = GroupInput.isValidId(groupId) ? groups.find(groupId) : null;
            if (group == null || group.archived()) {
                return form ? pages.message(404, lang, SignupTexts.PAGE_NOT_FOUND_TITLE, SignupTexts.PAGE_NOT_FOUND_TEXT)
                        : Responses.error(ErrorCode.NOT_FOUND);
            }
            lang = Languages.fromAcceptLanguage(Requests.header(event, "Accept-Language"), group.defaultLanguage());
            if (group.status() != GroupStatus.ACTIVE && group.status() != GroupStatus.FULL) {
                if (group.status() == null) {
                    Log.warn("signup.unknown_group_status", "groupId", groupId);
                }
                return form ? pages.message(409, lang, SignupTexts.PAGE_CLOSED_TITLE, SignupTexts.PAGE_CLOSED_TEXT)
                        : Responses.error(ErrorCode.SIGNUPS_CLOSED);
            }
            SignupFields.Result result = form
                    ? SignupFields.fromForm(FormData.parse(body), group)
                    : SignupFields.fromJson(Json.parseObject(body), group);
            if (result.language() != null) {
                lang = result.language();
            }
            if (!result.isValid()) {
                Log.info("signup.invalid", "groupId", groupId, "fields", String.join(",", result.errors().keySet()),
                        "unknownFields", result.unknownFields(), "form", form);
                return form ? pages.invalid(lang, group, result.errors()) : invalidJson(lang, result);
            }
            SignupService.Result submitted = service.submit(group, result.request(), sourceIp(event));
            Log.info("signup.received", "groupId", groupId, "outcome", submitted.outcome().logName(), "form", form,
                    "requestId", Requests.requestId(event));
            if (submitted.outcome() == Outcome.IP_LIMIT) {
                return rateLimited(form, lang, RateLimits.retryAfterSeconds(submitted.at()));
            }
            return received(form);
        } catch (RequestBodies.TooLargeException e) {
            return form ? pages.message(413, lang, SignupTexts.PAGE_TOO_LARGE_TITLE, SignupTexts.PAGE_TOO_LARGE_TEXT)
                    : Responses.error(ErrorCode.PAYLOAD_TOO_LARGE);
        } catch (RequestBodies.MalformedBodyException | MalformedJsonException e) {
            Log.info("signup.malformed", "groupId", GroupInput.isValidId(groupId) ? groupId : null, "form", form);
            return form ? pages.invalid(lang, null, Map.of())
                    : Responses.error(ErrorCode.INVALID_REQUEST, SignupTexts.MALFORMED.in(lang), Map.of());
        } catch (SdkException e) {
            Log.error("signup.unavailable", e, "groupId", groupId, "requestId", Requests.requestId(event));
            return form ? unavailablePage(lang) : Responses.error(ErrorCode.UNAVAILABLE);
        } catch (RuntimeException e) {
            Log.error("signup.failed", e, "requestId", Requests.requestId(event));
            return form ? pages.message(500, lang, SignupTexts.PAGE_FAILED_TITLE, SignupTexts.PAGE_FAILED_TEXT)
                    : Responses.error(ErrorCode.INTERNAL_ERROR);
        }
    }

    /** The one answer to every valid sign-up, whatever became of it. */
    private APIGatewayV2HTTPResponse received(boolean form) {
        if (form) {
            APIGatewayV2HTTPResponse redirect = Responses.with(303, null, "", Responses.NO_STORE);
            redirect.getHeaders().put("Location", thankYouUrl);
            return redirect;
        }
        return Responses.json(202, RECEIVED, Responses.NO_STORE);
    }

    /** Says only that this network sent too many, and when to try again. */
    private APIGatewayV2HTTPResponse rateLimited(boolean form, String lang, long retryAfterSeconds) {
        APIGatewayV2HTTPResponse response = form
                ? pages.message(429, lang, SignupTexts.PAGE_RATE_LIMITED_TITLE, SignupTexts.PAGE_RATE_LIMITED_TEXT)
                : Responses.error(ErrorCode.RATE_LIMITED, SignupTexts.RATE_LIMITED.in(lang), Map.of());
        response.getHeaders().put("Retry-After", Long.toString(retryAfterSeconds));
        return response;
    }

    private static APIGatewayV2HTTPResponse invalidJson(String lang, SignupFields.Result result) {
        Map<String, String> fields = new HashMap<>();
        result.errors().forEach((field, message) -> fields.put(field, message.in(lang)));
        String message = result.unknownFields() ? SignupTexts.UNKNOWN_FIELDS.in(lang) : SignupTexts.CHECK_FIELDS.in(lang);
        return Responses.error(ErrorCode.INVALID_REQUEST, message, fields);
    }

    private APIGatewayV2HTTPResponse unavailablePage(String lang) {
        return Responses.retryLater(pages.message(503, lang, SignupTexts.PAGE_FAILED_TITLE, SignupTexts.PAGE_FAILED_TEXT));
    }

    /** The TCP peer API Gateway saw; never a header such as X-Forwarded-For, which anyone can write. */
    static String sourceIp(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        String ip = context == null || context.getHttp() == null ? null : context.getHttp().getSourceIp();
        return ip == null || ip.isBlank() ? "unknown" : ip;
    }
}
