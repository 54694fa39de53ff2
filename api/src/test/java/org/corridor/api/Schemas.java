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

/** The JSON Schemas of data/schemas, which the service's responses must satisfy. */
final class Schemas {
    private Schemas() {}

    /** Every violation of {@code data/schemas/<name>} by {@code json}, as "instance location: message". */
    static List<String> violations(String name, String json) {
        try {
            String text = Files.readString(Path.of("..", "data", "schemas", name));
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(text, InputFormat.JSON);
            return schema.validate(json, InputFormat.JSON).stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
