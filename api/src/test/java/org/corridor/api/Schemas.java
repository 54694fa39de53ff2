package org.corridor.api;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The JSON Schemas of data/schemas, which the service's responses must satisfy. */
final class Schemas {
    private Schemas() {}

    /** Every violation of {@code data/schemas/<name>} by {@code json}, as "instance location: message". */
    static List<String> violations(String name, String json) {
        try {
            Path dir = Path.of("..", "data", "schemas");
            String text = Files.readString(dir.resolve(name));
            // the frontier's points $ref the plan schema by its id: resolve it to the file, never the network
            String plan = Files.readString(dir.resolve("plan.schema.json"));
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                            b -> b.schemas(Map.of("https://corridor.example.org/schemas/plan.schema.json", plan)))
                    .getSchema(text, InputFormat.JSON);
            return schema.validate(json, InputFormat.JSON).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
