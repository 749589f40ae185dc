package uk.carebridge.plugins.localauthority.inbound;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.resource.ClasspathSchemaLoader;

/**
 * The v1 JSON Schemas, loaded from the classpath once. The schemas name each other by their public
 * {@code $id} ({@link #BASE_ID}); a mapper serves those from this jar so no network is ever touched.
 */
public final class CouncilSchemas {

    static final String BASE_ID = "https://carebridge.uk/schema/local-authority/v1/";
    static final String CLASSPATH = "classpath:uk/carebridge/plugins/localauthority/schema/v1/";

    /** The outbound notices' schema; the sending slice (next) checks every notice against it before delivery. */
    static final String NOTICE = "notice.schema.json";

    // "classpath:" resolves with this plugin's class loader, not the thread's: requests run on the server's
    // HTTP worker threads, whose context class loader cannot see a plugin's resources.
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(BASE_ID, CLASSPATH))
                    .schemaLoaders(l -> l.values(loaders -> loaders.add(0,
                            new ClasspathSchemaLoader(CouncilSchemas.class::getClassLoader)))));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            // Draft 2020-12 treats "format" as a note by default; dates must really be dates here.
            .formatAssertionsEnabled(true)
            .locale(Locale.UK)
            .build();
    private static final Map<CouncilResource, JsonSchema> SCHEMAS = load();
    private static final JsonSchema NOTICE_SCHEMA = schema(NOTICE);

    private CouncilSchemas() {
    }

    static JsonSchema of(CouncilResource resource) {
        return SCHEMAS.get(resource);
    }

    /** The outbound notices' schema (notice.schema.json), for the notice writer's check of every notice. */
    public static JsonSchema notice() {
        return NOTICE_SCHEMA;
    }

    private static Map<CouncilResource, JsonSchema> load() {
        Map<CouncilResource, JsonSchema> schemas = new EnumMap<>(CouncilResource.class);
        for (CouncilResource r : CouncilResource.values()) {
            schemas.put(r, schema(r.schemaFile()));
        }
        return schemas;
    }

    private static JsonSchema schema(String file) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(BASE_ID + file), CONFIG);
        schema.initializeValidators(); // resolve every $ref now, not on the first request
        return schema;
    }
}
