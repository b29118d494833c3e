package org.peersupport.testkit.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.peersupport.testkit.Repo;

/**
 * {@code openapi.yaml} as swagger-parser reads it: the OpenAPI parser that the validator uses too,
 * and one that code generators and other tools build on, so an error it reports is one a reader of
 * the document would meet.
 */
public final class ApiDocument {
    private ApiDocument() {
    }

    public static Path file() {
        return Repo.root().resolve("openapi.yaml");
    }

    public static String text() {
        try {
            return Files.readString(file(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything swagger-parser reports about a document (errors and warnings alike), as it words them. */
    public static List<String> parserMessages(String document) {
        SwaggerParseResult result = parse(document, false);
        List<String> messages = new ArrayList<>(result.getMessages() == null ? List.of() : result.getMessages());
        if (result.getOpenAPI() == null && messages.isEmpty()) {
            messages.add("not an OpenAPI document");
        }
        return messages;
    }

    /**
     * The document with every {@code $ref} resolved, as the validator reads it.
     *
     * @throws IllegalArgumentException naming what swagger-parser reported, if it reported anything
     */
    public static OpenAPI resolved(String document) {
        SwaggerParseResult result = parse(document, true);
        if (result.getOpenAPI() == null || result.getMessages() != null && !result.getMessages().isEmpty()) {
            throw new IllegalArgumentException("openapi.yaml does not parse cleanly: " + result.getMessages());
        }
        return result.getOpenAPI();
    }

    /** Every operation, by route key ({@code GET /groups/{groupId}}), in the document's order. */
    public static Map<String, Operation> operations(OpenAPI api) {
        Map<String, Operation> operations = new LinkedHashMap<>();
        if (api.getPaths() != null) {
            api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                    operations.put(method.name().toUpperCase(Locale.ROOT) + " " + path, operation)));
        }
        return operations;
    }

    /** The method of an operation's route key, as swagger-parser names it. */
    static PathItem.HttpMethod method(String routeKey) {
        return PathItem.HttpMethod.valueOf(routeKey.substring(0, routeKey.indexOf(' ')));
    }

    /**
     * The document's path for a template route's path: API Gateway's greedy {@code {file+}} is
     * OpenAPI's {@code {file}} (OpenAPI has no greedy parameter; the description says so).
     */
    public static String documentPath(String templatePath) {
        return templatePath.replaceAll("\\{([^}]+)\\+}", "{$1}");
    }

    /** The document's route key for a template route key. */
    public static String documentRouteKey(String templateRouteKey) {
        int space = templateRouteKey.indexOf(' ');
        return templateRouteKey.substring(0, space + 1) + documentPath(templateRouteKey.substring(space + 1));
    }

    private static SwaggerParseResult parse(String document, boolean resolveFully) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(resolveFully);
        // As the validator reads it: allOf and oneOf kept, so a schema means what JSON Schema says.
        options.setResolveCombinators(false);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }
}
