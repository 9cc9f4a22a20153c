package dev.querylens.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.querylens.advisor.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's facts do not say which table is a partition of which, so CorpusSchemaOracleTest alone would pass a
 * reader that took pg_dump's {@code ATTACH PARTITION} lines for nothing on corpus/schemas/rails-storage-tables (every
 * index there is made ON ONLY and attached by hand). Here what follows from an attachment is asked of PostgreSQL 15:
 * the real structure.sql, then one more statement of the kind a later migration would run on it. An index or a foreign
 * key added to the partitioned table reaches every attached partition under the names PostgreSQL gives them, not a
 * detached one, which keeps its copies of the indexes it had; dropping the partitioned table drops its partitions.
 */
class PartitionedDumpOnPostgresTest {
    private static final Path STRUCTURE = Path.of("src/test/resources/corpus/schemas/rails-storage-tables/test/dummy/db/structure.sql");
    private static PostgresServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void indexesAndForeignKeysAddedLaterReachTheAttachedPartitionsOnly() throws Exception {
        Path later = dir.resolve("later.sql");
        Files.writeString(later, """
                ALTER TABLE public.storage_tables_blobs DETACH PARTITION public.storage_tables_blobs_partition_0;
                CREATE INDEX index_storage_tables_blobs_on_byte_size ON public.storage_tables_blobs USING btree (byte_size);
                CREATE TABLE public.content_types (name character varying PRIMARY KEY);
                ALTER TABLE public.storage_tables_blobs ADD CONSTRAINT fk_blobs_content_type FOREIGN KEY (content_type)
                    REFERENCES public.content_types (name);
                """);
        SchemaOracle.Result r = SchemaOracle.run(server, "partitions_later", List.of(STRUCTURE, later), List.of(STRUCTURE, later));
        assertEquals(List.of(), r.unexplained(), "facts where QueryLens and PostgreSQL disagree");
        assertEquals(List.of(), r.diagnostics());
        assertTrue(r.server().stream().anyMatch(f -> f.startsWith("public.storage_tables_blobs_partition_63 index "
                + "storage_tables_blobs_partition_63_byte_size_idx ")), "PostgreSQL built the index on an attached partition");
        assertTrue(r.server().contains("public.storage_tables_blobs_partition_63 foreign key fk_blobs_content_type (content_type)"
                + " references public.content_types (name)"), "and the foreign key");
        assertFalse(r.server().stream().anyMatch(f -> f.startsWith("public.storage_tables_blobs_partition_0 index")
                && f.contains("byte_size")), "not on the detached one");
        assertTrue(r.server().stream().anyMatch(f -> f.startsWith("public.storage_tables_blobs_partition_0 index storage_tables_blobs_partition_0_pkey")),
                "which keeps its own primary key");
    }

    @Test
    void droppingThePartitionedTableDropsItsPartitions() throws Exception {
        Path later = dir.resolve("drop.sql");
        Files.writeString(later, "DROP TABLE public.storage_tables_blobs;\n");
        SchemaOracle.Result r = SchemaOracle.run(server, "partitions_dropped", List.of(STRUCTURE, later), List.of(STRUCTURE, later));
        assertEquals(List.of(), r.unexplained(), "facts where QueryLens and PostgreSQL disagree");
        assertEquals(5, r.server().stream().filter(f -> f.endsWith(" table")).count(), "ActiveStorage's 3 and Rails' 2 tables are left");
    }
}
