package org.peersupport.listgroups;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.Dialects;
import java.util.List;

/**
 * Open Referral's published HSDS 3.0 JSON Schemas (committed under {@code src/test/resources/hsds},
 * see the README there), applied with networknt's validator, format assertions on: a service id
 * must be a UUID, a URL a URI, {@code last_modified} a date-time. The schemas' own addresses on
 * raw.githubusercontent.com are read from the committed copies; nothing is fetched.
 */
final class HsdsSchemas {
    static final String BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/";
    private static final String OPENAPI = BASE + "openapi.json#/paths/";
    private static final String JSON_200 = "/get/responses/200/content/application~1json/schema";

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(resolvers -> resolvers.mapPrefix(BASE, "classpath:hsds/schema/")));
    private static final SchemaRegistry OPENAPI_31 = SchemaRegistry.withDialect(Dialects.getOpenApi31(),
            builder -> builder.schemaIdResolvers(resolvers -> resolvers.mapPrefix(BASE, "classpath:hsds/schema/")));

    /** {@code GET /}: the HSDS API's own answer schema. */
    static final Schema ABOUT = load(OPENAPI_31, OPENAPI + "~1" + JSON_200);
    /** {@code GET /services}: HSDS's Page, with {@code compiled/service_list.json} items. */
    static final Schema PAGE = load(OPENAPI_31, OPENAPI + "~1services" + JSON_200);
    /** One whole service, with its schedules, locations and languages. */
    static final Schema SERVICE = load(SCHEMAS, BASE + "service.json");

    private HsdsSchemas() {
    }

    private static Schema load(SchemaRegistry registry, String location) {
        Schema schema = registry.getSchema(SchemaLocation.of(location));
        schema.initializeValidators(); // fails here, not silently later, if a $ref does not resolve
        return schema;
    }

    /** What is wrong with {@code json} by {@code schema}: empty when it is valid. */
    static List<String> problems(Schema schema, String json) {
        List<Error> errors = schema.validate(json, InputFormat.JSON,
                context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
        return errors.stream().map(Error::toString).toList();
    }
}
