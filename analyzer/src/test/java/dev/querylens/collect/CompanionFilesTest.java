package dev.querylens.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which files a walk skips, and that what may be an input never is. */
class CompanionFilesTest {
    private static final Path ROOT = Path.of("/repo");

    @Test
    void companionFilesAreToldByNameAndInputsNeverAre() {
        Map<String, CompanionFiles.Kind> expected = new LinkedHashMap<>();
        expected.put("README.md", CompanionFiles.Kind.DOCUMENTATION);
        expected.put("LICENSE", CompanionFiles.Kind.DOCUMENTATION);
        expected.put("docs/CHANGELOG.rst", CompanionFiles.Kind.DOCUMENTATION);
        expected.put("src/main.rs", CompanionFiles.Kind.SOURCE);
        expected.put("prisma/schema.prisma", CompanionFiles.Kind.SOURCE);
        expected.put("Makefile", CompanionFiles.Kind.SOURCE);
        expected.put("logo.png", CompanionFiles.Kind.IMAGE);
        expected.put("Cargo.toml", CompanionFiles.Kind.TOOL_CONFIG);
        expected.put("supabase/config.toml", CompanionFiles.Kind.TOOL_CONFIG);
        expected.put("package.json", CompanionFiles.Kind.TOOL_CONFIG);
        expected.put("flyway.conf", CompanionFiles.Kind.TOOL_CONFIG);
        expected.put("go.sum", CompanionFiles.Kind.TOOL_CONFIG);
        expected.put(".env", CompanionFiles.Kind.HIDDEN);
        expected.put("prisma/migrations/migration_lock.toml", CompanionFiles.Kind.MIGRATOR_BOOKKEEPING);
        expected.put("drizzle/meta/_journal.json", CompanionFiles.Kind.MIGRATOR_BOOKKEEPING);
        expected.put("drizzle/meta/_journal.json.backup", CompanionFiles.Kind.MIGRATOR_BOOKKEEPING);
        expected.put("drizzle/meta/0003_snapshot.json", CompanionFiles.Kind.MIGRATOR_BOOKKEEPING);
        expected.put("sql/V1__init.sql.conf", CompanionFiles.Kind.MIGRATOR_BOOKKEEPING);
        expected.put("supabase/seed.sql", CompanionFiles.Kind.SEED_DATA);
        expected.put("supabase/seeds/users.sql", CompanionFiles.Kind.SEED_DATA);
        expected.put("frontend/yarn-error.log", CompanionFiles.Kind.TOOL_LOG);
        expected.put("npm-debug.log", CompanionFiles.Kind.TOOL_LOG);
        expected.put("requirements.txt", CompanionFiles.Kind.TOOL_CONFIG);
        expected.put("requirements-dev.txt", CompanionFiles.Kind.TOOL_CONFIG);
        expected.put("schema_reloader/requirements/qa.txt", CompanionFiles.Kind.TOOL_CONFIG);
        // what may be input: SQL, logs however named, exports, plans, traces
        expected.put("supabase/migrations/20240101000000_init.sql", null);
        expected.put("db/seed.sql", null);
        expected.put("logs/postgresql.log", null);
        expected.put("logs/postgresql.log.1", null);
        expected.put("logs/postgresql-2024-01-01.txt", null);
        expected.put("logs/postgresql.gz", null);
        expected.put("pgss.csv", null);
        expected.put("plans/slow.json", null);
        expected.put("trace.jsonl", null);
        expected.put("server", null);
        expected.put("license_keys.sql", null);
        expected.put("license_keys.csv", null);
        expected.put("mit-license-audit.log", null);
        expected.put("yarn.log", null);
        expected.put("logs/requirements-check.log", null);
        expected.put("exports/requirements_report.csv", null);
        Map<String, CompanionFiles.Kind> got = new LinkedHashMap<>();
        expected.keySet().forEach(f -> got.put(f, CompanionFiles.of(ROOT, ROOT.resolve(f))));
        assertEquals(expected, got);
    }

    /**
     * Licence files as projects name them: {@code rails plugin new} writes MIT-LICENSE (corpus/schemas/rails-storage-tables
     * has one), Rust's dual-licensed crates ship LICENSE-MIT and LICENSE-APACHE, others LICENSE.txt or THIRD-PARTY-LICENSES.
     * Read as input, each was lost input and made check exit 2 on a clean project.
     */
    @Test
    void licenceFilesUnderTheirUsualNamesAreDocumentation() {
        for (String name : java.util.List.of("MIT-LICENSE", "LICENSE-MIT", "LICENSE-APACHE", "LICENSE.txt", "LICENCE", "COPYING.LESSER",
                "UNLICENSE", "THIRD-PARTY-LICENSES", "licenses/LICENSE-BSD-3-Clause", "Apache-2.0-LICENSE")) {
            assertEquals(CompanionFiles.Kind.DOCUMENTATION, CompanionFiles.of(ROOT, ROOT.resolve(name)), name);
        }
    }

    @Test
    void hiddenAndDependencyDirectoriesAreNotEnteredButTheWalkedRootAlwaysIs() {
        assertEquals(CompanionFiles.Kind.SKIPPED_DIRECTORY, CompanionFiles.ofDirectory(ROOT, ROOT.resolve(".git")));
        assertEquals(CompanionFiles.Kind.SKIPPED_DIRECTORY, CompanionFiles.ofDirectory(ROOT, ROOT.resolve("web/node_modules")));
        assertEquals(null, CompanionFiles.ofDirectory(ROOT, ROOT.resolve("migrations")));
        assertEquals(null, CompanionFiles.ofDirectory(Path.of("."), Path.of(".")), "check . walks the working directory");
        // target/ is a build's output only beside a build file
        assertEquals(null, CompanionFiles.ofDirectory(ROOT, ROOT.resolve("target")));
    }

    /**
     * What an unrecognised walked file's name says: a language or tool no list names (.purs, .dhall, .tix) is foreign;
     * a name an input may have (.log, .txt, .out, no extension, a rotation or date suffix) is not, and stays lost input.
     */
    @Test
    void anExtensionNoInputHasIsForeignAndANameAnInputMayHaveIsNot() {
        for (String f : new String[]{"src/Main.purs", "spago.dhall", "backend/graphql-engine.tix", "requirements/qa.in", "Schema.ELM2X"}) {
            assertEquals(!f.endsWith("ELM2X"), ForeignExtension.isForeign(Path.of(f)), f);
        }
        for (String f : new String[]{"postgresql.log", "postgresql.log.1", "postgresql.log.2024-01-01", "server", "plan.txt", "slow.out",
                "trace.ndjson", "dump.sql", "pgss.tsv", "archive.gz", ".hidden", "postgresql-Mon.csvlog", "postgresql.jsonlog"}) {
            assertEquals(false, ForeignExtension.isForeign(Path.of(f)), f);
        }
    }
}
