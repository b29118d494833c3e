package org.peersupport.testkit.api;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.ApiOperation;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.atlassian.oai.validator.util.ContentTypeUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.common.net.MediaType;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks an exchange against {@code openapi.yaml} with Atlassian's OpenAPI validator
 * ({@code swagger-request-validator}): the route is in the document; the response's status is
 * declared for it, with the declared headers, a declared content type (and the charset the
 * document names), and a body that matches the schema — JSON against its schema, and CSV, HTML
 * and iCalendar bodies as text against theirs (the validator reads only JSON and forms itself) —
 * and a request the document calls invalid was not accepted.
 *
 * <p>A request the document calls valid may still be refused (a well-formed address at an unknown
 * domain, a group that is paused): the document describes shapes, the functions decide the rest.
 * At the handler seam the authorizer is not part of the exchange (it ran before the event was
 * made), so the token's absence is not held against the request there.
 */
public final class ApiContract {
    private static final Pattern QUOTED_VALUE = Pattern.compile(
            "(?i)(input string |string |instance value \\(|value )(\"[^\"]*\"|'[^']*')");
    /** An array index in a JSON pointer: {@code /groups/3/id}. */
    private static final Pattern ARRAY_INDEX = Pattern.compile("/[0-9]+(?=[/'])");

    private final OpenApiInteractionValidator validator;
    private final Map<String, Operation> operations;
    private final SchemaValidator textBodies;

    private ApiContract(OpenAPI api) {
        this.operations = ApiDocument.operations(api);
        MessageResolver messages = new MessageResolver();
        this.textBodies = new SchemaValidator(api, messages);
        this.validator = OpenApiInteractionValidator.createFor(api)
                // Only these levels, whatever files a machine has (the default would read ~/.swagger-validator).
                .withLevelResolver(LevelResolver.create()
                        .withLoader(null)
                        .withDefaultLevel(ValidationReport.Level.ERROR)
                        // OpenAPI does not forbid query parameters an operation does not name, and the
                        // functions ignore the ones they do not read (a cache-buster on a calendar link);
                        // where one is refused (the listing's filters), that 400 is what gets checked.
                        .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.IGNORE)
                        .build())
                .withCustomResponseValidation(this::textBodyAndCharset)
                .build();
    }

    /**
     * The repository's {@code openapi.yaml}, read once per JVM.
     *
     * @throws AssertionError naming what swagger-parser reported, when the document does not parse cleanly
     */
    public static ApiContract repository() {
        if (Repository.CONTRACT == null) {
            throw new AssertionError(Repository.PROBLEM);
        }
        return Repository.CONTRACT;
    }

    /** A contract for another document (the tests of this check break one on purpose). */
    public static ApiContract of(String document) {
        return new ApiContract(ApiDocument.resolved(document));
    }

    private static final class Repository {
        static final String PROBLEM;
        static final ApiContract CONTRACT;

        static {
            ApiContract contract = null;
            String problem = null;
            try {
                contract = of(ApiDocument.text());
            } catch (IllegalArgumentException e) {
                problem = e.getMessage() + " (no exchange can be checked until it does)";
            }
            CONTRACT = contract;
            PROBLEM = problem;
        }
    }

    /** What the document does not describe about the exchange; empty when it describes all of it. */
    public List<String> differences(ApiExchange exchange) {
        String documentKey = ApiDocument.documentRouteKey(exchange.routeKey());
        if (!operations.containsKey(documentKey)) {
            return List.of("the route " + exchange.routeKey() + " is not in openapi.yaml (no operation "
                    + documentKey.toLowerCase(Locale.ROOT).substring(0, documentKey.indexOf(' ')) + " under paths."
                    + documentKey.substring(documentKey.indexOf(' ') + 1) + ")");
        }
        Request.Method method = Request.Method.valueOf(exchange.method());
        List<String> differences = new ArrayList<>();
        for (String difference : errors(validator.validateResponse(
                ApiDocument.documentPath(exchange.routePath()), method, response(exchange)), false, false)) {
            differences.add("response: " + difference);
        }
        if (exchange.status() < 400) {
            boolean form = isForm(exchange.requestHeader("content-type"));
            List<String> refused = errors(validator.validateRequest(request(exchange, !form)),
                    exchange.seam() == ApiExchange.Seam.HANDLER, form);
            if (form) {
                refused.addAll(formErrors(operations.get(documentKey), exchange.requestBody()));
            }
            if (!refused.isEmpty()) {
                differences.add("request: the document calls this request invalid, yet it was answered "
                        + exchange.status() + ": " + String.join("; ", refused));
            }
        }
        return differences;
    }

    /**
     * A failure message for an exchange the document does not describe: the route, the request
     * and response in outline (query values left out: they can be personal data), what differs,
     * and where to fix it.
     */
    public static String describe(ApiExchange exchange, List<String> differences) {
        StringBuilder message = new StringBuilder();
        message.append("openapi.yaml does not describe what ").append(exchange.routeKey()).append(" answered (seen ")
                .append(exchange.seam().description()).append("):\n");
        message.append("  request:  ").append(exchange.method()).append(' ').append(outline(exchange));
        String requestType = exchange.requestHeader("content-type");
        if (requestType != null && exchange.requestBody().length > 0) {
            message.append("  (").append(requestType).append(')');
        }
        message.append('\n');
        String responseType = exchange.responseHeader("Content-Type");
        message.append("  response: ").append(exchange.status())
                .append(responseType == null || exchange.responseBody().length == 0 ? "" : " " + responseType).append('\n');
        for (String difference : differences) {
            message.append("  - ").append(difference).append('\n');
        }
        String documentKey = ApiDocument.documentRouteKey(exchange.routeKey());
        message.append("  Fix whichever is wrong: openapi.yaml (paths.").append(documentKey.substring(documentKey.indexOf(' ') + 1))
                .append('.').append(exchange.method().toLowerCase(Locale.ROOT)).append(") or the code that answered.");
        return message.toString();
    }

    /** The path as sent and the query's parameter names only. */
    private static String outline(ApiExchange exchange) {
        if (exchange.query().isEmpty()) {
            return exchange.path();
        }
        List<String> names = new ArrayList<>();
        for (String pair : exchange.query().split("&")) {
            int eq = pair.indexOf('=');
            names.add((eq < 0 ? pair : pair.substring(0, eq)) + "=…");
        }
        return exchange.path() + "?" + String.join("&", names);
    }

    /**
     * The report's errors, each once: without any value quoted from the exchange (it may be
     * personal data), and the same error at every index of an array told once, with how often.
     */
    private static List<String> errors(ValidationReport report, boolean authorizerRan, boolean bodyCheckedApart) {
        Map<String, Integer> errors = new LinkedHashMap<>();
        for (ValidationReport.Message message : report.getMessages()) {
            if (message.getLevel() != ValidationReport.Level.ERROR
                    || authorizerRan && message.getKey().startsWith("validation.request.security")
                    || bodyCheckedApart && message.getKey().equals("validation.request.body.missing")) {
                continue;
            }
            String text = QUOTED_VALUE.matcher(withReasons(message)).replaceAll("$1\"…\"");
            errors.merge(ARRAY_INDEX.matcher(text).replaceAll("/*"), 1, Integer::sum);
        }
        List<String> out = new ArrayList<>();
        errors.forEach((text, times) -> out.add(times == 1 ? text : text + " (" + times + " times)"));
        return out;
    }

    /** A message with the reasons nested in it (why an allOf or oneOf did not match), each once. */
    private static String withReasons(ValidationReport.Message message) {
        Set<String> reasons = new LinkedHashSet<>();
        collectReasons(message.getNestedMessages(), reasons);
        return reasons.isEmpty() ? message.getMessage() : message.getMessage() + ": " + String.join("; ", reasons);
    }

    private static void collectReasons(List<ValidationReport.Message> nested, Set<String> reasons) {
        for (ValidationReport.Message message : nested) {
            if (message.getNestedMessages().isEmpty()) {
                reasons.add(message.getMessage());
            } else {
                collectReasons(message.getNestedMessages(), reasons);
            }
        }
    }

    private static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    /**
     * A form body against its schema, every value a string as a form sends it. (The validator reads
     * form values as JSON literals: a phone number would be an integer, "true" a boolean.)
     */
    private List<String> formErrors(Operation operation, byte[] body) {
        if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null
                || operation.getRequestBody().getContent().get("application/x-www-form-urlencoded") == null) {
            return new ArrayList<>(List.of("the document declares no form body for this operation"));
        }
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            TextNode value = TextNode.valueOf(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            JsonNode before = fields.get(name);
            if (before == null) {
                fields.set(name, value);
            } else if (before.isArray()) {
                ((ArrayNode) before).add(value);
            } else {
                fields.set(name, JsonNodeFactory.instance.arrayNode().add(before).add(value));
            }
        }
        return errors(textBodies.validate(() -> fields,
                operation.getRequestBody().getContent().get("application/x-www-form-urlencoded").getSchema(), "request.body"),
                false, false);
    }

    private static Request request(ApiExchange exchange, boolean withBody) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(exchange.method(), exchange.path());
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (!exchange.query().isEmpty()) {
            for (String pair : exchange.query().split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        query.forEach(request::withQueryParam);
        exchange.requestHeaders().forEach(request::withHeader);
        if (withBody && exchange.requestBody().length > 0) {
            request.withBody(exchange.requestBody());
        }
        return request.build();
    }

    private static Response response(ApiExchange exchange) {
        SimpleResponse.Builder response = new SimpleResponse.Builder(exchange.status());
        exchange.responseHeaders().forEach(response::withHeader);
        if (exchange.responseBody().length > 0) {
            response.withBody(exchange.responseBody());
        }
        return response.build();
    }

    /**
     * What the validator leaves out: a charset the document names in a content type
     * ({@code application/json; charset=utf-8}) must be the response's; a body that is neither
     * JSON nor a form (CSV, HTML, iCalendar) is checked, as text, against its schema.
     */
    private ValidationReport textBodyAndCharset(Response response, ApiOperation operation) {
        ApiResponse declared = declared(operation.getOperation(), response.getStatus());
        String contentType = response.getContentType().orElse(null);
        if (declared == null || contentType == null || declared.getContent() == null || declared.getContent().isEmpty()) {
            return ValidationReport.empty();
        }
        Content content = declared.getContent();
        Optional<String> match = ContentTypeUtils.findMostSpecificMatch(response, content.keySet());
        if (match.isEmpty()) {
            return ValidationReport.empty();
        }
        MediaType documented;
        MediaType actual;
        try {
            documented = MediaType.parse(match.get());
            actual = MediaType.parse(contentType);
        } catch (IllegalArgumentException e) {
            return ValidationReport.empty(); // the validator reports a malformed content type itself
        }
        ValidationReport report = ValidationReport.empty();
        if (documented.charset().isPresent() && !documented.charset().equals(actual.charset())) {
            report = report.merge(ValidationReport.singleton(new MessageResolver().create(
                    "validation.response.contentType.charset",
                    "Response Content-Type '" + contentType + "' does not name the charset the document gives ("
                            + match.get() + ").")));
        }
        boolean readByValidator = ContentTypeUtils.isJsonContentType(response) || ContentTypeUtils.isFormDataContentType(response);
        if (!readByValidator && content.get(match.get()).getSchema() != null && response.getResponseBody().isPresent()) {
            String body;
            try {
                body = response.getResponseBody().get().toString(actual.charset().or(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            report = report.merge(textBodies.validate(() -> TextNode.valueOf(body), content.get(match.get()).getSchema(),
                    "response.body"));
        }
        return report;
    }

    private static ApiResponse declared(Operation operation, int status) {
        if (operation.getResponses() == null) {
            return null;
        }
        ApiResponse exact = operation.getResponses().get(Integer.toString(status));
        if (exact != null) {
            return exact;
        }
        ApiResponse range = operation.getResponses().get(status / 100 + "XX");
        return range != null ? range : operation.getResponses().get("default");
    }
}
