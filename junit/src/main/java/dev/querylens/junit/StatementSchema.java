package dev.querylens.junit;

import dev.querylens.schema.Catalog;
import dev.querylens.schema.SchemaReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** The catalog a {@link CheckStatements} describes: its resources read in order, then its inline DDL. */
final class StatementSchema {
    private StatementSchema() {
    }

    static Catalog of(CheckStatements check, Class<?> testClass) {
        SchemaReader reader = new SchemaReader();
        for (String resource : check.schema()) {
            String path = resource.startsWith("/") ? resource : "/" + resource;
            try (InputStream in = testClass.getResourceAsStream(path)) {
                if (in == null) {
                    throw new ExtensionConfigurationException("@CheckStatements schema " + resource + " is not on the test classpath");
                }
                // what the reader cannot use (a GRANT, an unsupported option) only leaves the catalog smaller; it is not the test's failure
                reader.read(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource, d -> { });
            } catch (IOException e) {
                throw new ExtensionConfigurationException("cannot read @CheckStatements schema " + resource + ": " + e.getMessage(), e);
            }
        }
        for (String ddl : check.ddl()) {
            reader.read(ddl, "@CheckStatements ddl", d -> { });
        }
        return reader.catalog();
    }
}
