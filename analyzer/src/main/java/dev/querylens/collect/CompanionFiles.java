package dev.querylens.collect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The files that sit beside a project's inputs and are plainly no input: documentation, source
 * code, images, the configuration and lock files of the tools a project uses, and the bookkeeping
 * a migrator keeps next to its migrations. A walked directory skips them and counts them in one
 * line; a file named on the command line is always read. The list is of names and extensions that
 * can hold no SQL, log or plan QueryLens reads: a {@code .txt}, {@code .log}, {@code .csv},
 * {@code .json} or extensionless file is never skipped here, because logs and exports are named so.
 */
public final class CompanionFiles {
    /** What a skipped file is, as the one info line counts it. */
    public enum Kind {
        DOCUMENTATION("documentation"),
        SOURCE("source code"),
        IMAGE("images and binaries"),
        TOOL_CONFIG("tool configuration and lock files"),
        MIGRATOR_BOOKKEEPING("migrator bookkeeping"),
        MIGRATION_CHECKS("migration verify scripts"),
        SEED_DATA("seed data"),
        TOOL_LOG("package manager debug logs"),
        /** counted per directory, not per file inside it */
        SKIPPED_DIRECTORY("hidden, dependency or build directories"),
        HIDDEN("hidden files");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final Set<String> DOC_EXTENSIONS = Set.of("md", "markdown", "rst", "adoc", "asciidoc", "html", "htm", "pdf",
            "org", "tex");
    private static final Set<String> DOC_NAMES = Set.of("readme", "license", "licence", "copying", "notice", "changelog", "changes",
            "authors", "contributors", "contributing", "code_of_conduct", "security", "codeowners", "history", "todo");
    private static final Set<String> SOURCE_EXTENSIONS = Set.of("java", "kt", "kts", "scala", "groovy", "go", "rs", "ts", "tsx",
            "mts", "cts", "js", "jsx", "mjs", "cjs", "py", "rb", "php", "cs", "fs", "c", "h", "cc", "cpp", "hpp", "swift", "m",
            "ex", "exs", "erl", "clj", "dart", "lua", "pl", "pm", "r", "sh", "bash", "zsh", "fish", "ps1", "bat", "cmd", "vue",
            "svelte", "astro", "css", "scss", "less", "prisma", "graphql", "gql", "proto", "hcl", "tf", "nix", "zig", "hs", "ml",
            "elm", "jl", "erb", "ejs", "hbs", "mustache", "xml", "xsd", "wsdl", "gradle", "mk", "cmake", "d.ts");
    private static final Set<String> SOURCE_NAMES = Set.of("makefile", "dockerfile", "containerfile", "procfile", "rakefile",
            "gemfile", "justfile", "vagrantfile", "jenkinsfile", "brewfile", "taskfile");
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg", "ico", "webp", "bmp", "tif",
            "tiff", "avif", "woff", "woff2", "ttf", "otf", "eot", "mp4", "mov", "webm", "mp3", "wav", "jar", "class", "so", "dll",
            "dylib", "exe", "o", "a", "wasm", "pyc", "lockb");
    /** Configuration and lock files by extension: formats that hold settings, never a workload. */
    private static final Set<String> CONFIG_EXTENSIONS = Set.of("toml", "yaml", "yml", "ini", "cfg", "conf", "properties",
            "lock", "sum", "mod", "editorconfig", "env", "nvmrc", "example");
    /** Configuration and lock files by exact name, for the formats (JSON) whose other files may be inputs. */
    private static final Set<String> CONFIG_NAMES = Set.of("package.json", "package-lock.json", "npm-shrinkwrap.json",
            "composer.json", "composer.lock", "tsconfig.json", "jsconfig.json", "deno.json", "deno.jsonc", "bun.lock",
            "vercel.json", "netlify.toml", "turbo.json", "nx.json", "lerna.json", "renovate.json", "biome.json", ".eslintrc.json",
            "components.json", "app.json", "angular.json", "project.json", "pnpm-workspace.yaml", "go.work", "go.work.sum",
            "rust-toolchain", "sqlc.json", "atlas.hcl", "crontab");

    /**
     * The logs a JavaScript package manager writes into the project when a command fails (npm-debug.log,
     * yarn-error.log; GitHub's Node.gitignore lists them): a tool's own trace, never a database's or an
     * application's SQL log, though named .log.
     */
    private static final java.util.regex.Pattern PACKAGE_MANAGER_LOG = java.util.regex.Pattern.compile(
            "(npm-debug|yarn-error|yarn-debug|pnpm-debug|lerna-debug)\\.log(\\.[0-9]+)?");

    /** What a licence file's name holds beside the word licence: SPDX-like identifiers and their parts. */
    private static final Set<String> LICENCE_WORDS = Set.of("license", "licence", "licenses", "licences", "copying", "unlicense",
            "mit", "apache", "bsd", "isc", "gpl", "lgpl", "agpl", "mpl", "epl", "zlib", "cc0", "cc", "by", "sa", "lesser", "third",
            "party", "thirdparty", "clause", "artistic", "boost", "bsl", "psf", "unicode", "wtfpl", "x11", "ofl", "postgresql",
            "txt", "md");

    private CompanionFiles() {
    }

    /**
     * A licence file under the names projects give them (MIT-LICENSE from {@code rails plugin new}, LICENSE-MIT and
     * LICENSE-APACHE of dual-licensed crates, THIRD-PARTY-LICENSES): the word licence with only licence identifiers
     * and numbers beside it. A name ending as an input may (.sql, .log, .csv, .json) stays a possible input.
     */
    static boolean isLicence(String lowerCaseName) {
        if (lowerCaseName.matches(".*\\.(sql|log|csv|json|jsonl|gz|txt\\.gz)")) {
            return false;
        }
        String[] words = lowerCaseName.split("[-_. ]+");
        boolean licence = false;
        for (String w : words) {
            if (w.equals("license") || w.equals("licence") || w.equals("licenses") || w.equals("licences") || w.equals("copying")
                    || w.equals("unlicense")) {
                licence = true;
            } else if (!LICENCE_WORDS.contains(w) && !w.matches("[0-9]+")) {
                return false;
            }
        }
        return licence;
    }

    /**
     * Why a file met while walking {@code root} is no input, or null when it may be one.
     *
     * @param file a regular file found under {@code root}
     */
    public static Kind of(Path root, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String base = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
        if (name.startsWith(".")) {
            return Kind.HIDDEN;
        }
        Path relative = root.relativize(file);
        String path = relative.toString().replace('\\', '/').toLowerCase(Locale.ROOT);
        if (isMigratorBookkeeping(path, name)) {
            return Kind.MIGRATOR_BOOKKEEPING;
        }
        if (isSeedData(path)) {
            return Kind.SEED_DATA;
        }
        if (PACKAGE_MANAGER_LOG.matcher(name).matches()) {
            return Kind.TOOL_LOG;
        }
        if (isSqitchVerify(root, file)) {
            return Kind.MIGRATION_CHECKS;
        }
        if (CONFIG_NAMES.contains(name) || name.matches("tsconfig\\..*\\.json") || isPipRequirements(path, name)) {
            return Kind.TOOL_CONFIG;
        }
        if (DOC_EXTENSIONS.contains(extension) || (DOC_NAMES.contains(base) && !name.endsWith(".sql") && !name.endsWith(".log"))
                || isLicence(name)) {
            return Kind.DOCUMENTATION;
        }
        if (SOURCE_NAMES.contains(base) || SOURCE_EXTENSIONS.contains(extension) || name.endsWith(".d.ts")) {
            return Kind.SOURCE;
        }
        if (IMAGE_EXTENSIONS.contains(extension)) {
            return Kind.IMAGE;
        }
        if (CONFIG_EXTENSIONS.contains(extension)) {
            return Kind.TOOL_CONFIG;
        }
        return null;
    }

    /**
     * A directory a walk does not enter: hidden ones (.git, .sqlx's offline query cache, the
     * Supabase CLI's .temp and .branches), dependencies (node_modules), and a build tool's output
     * beside its build file (target/ beside pom.xml or Cargo.toml, build/ beside build.gradle),
     * which holds copies of the migrations the source tree already has.
     */
    public static Kind ofDirectory(Path root, Path dir) {
        if (dir.equals(root) || dir.getFileName() == null) {
            return null;
        }
        String name = dir.getFileName().toString();
        if (name.startsWith(".") || name.equals("node_modules") || name.equals("__pycache__")) {
            return Kind.SKIPPED_DIRECTORY;
        }
        Path parent = dir.getParent();
        if (parent != null && ((name.equals("target") && (Files.isRegularFile(parent.resolve("pom.xml"))
                || Files.isRegularFile(parent.resolve("Cargo.toml"))))
                || (name.equals("build") && (Files.isRegularFile(parent.resolve("build.gradle"))
                || Files.isRegularFile(parent.resolve("build.gradle.kts")))))) {
            return Kind.SKIPPED_DIRECTORY;
        }
        return null;
    }

    /**
     * drizzle-kit's meta/ journal and snapshots (and the .backup copies drizzle-kit leaves when it
     * upgrades them), Prisma's migration_lock.toml, Flyway's per-migration {@code .sql.conf}, diesel's
     * metadata.toml, sqitch's plan: what each tool writes beside its migrations about them, never SQL it runs.
     */
    static boolean isMigratorBookkeeping(String path, String name) {
        boolean inMeta = path.equals("meta/" + name) || path.endsWith("/meta/" + name);
        if (inMeta && (name.startsWith("_journal.json") || name.matches("\\d{4}_snapshot\\.json.*") || name.endsWith(".backup"))) {
            return true;
        }
        return name.equals("migration_lock.toml") || name.endsWith(".sql.conf") || name.equals("metadata.toml")
                || name.equals("sqitch.plan");
    }

    /**
     * pip's dependency lists, as pip-tools and projects name them: {@code requirements.txt},
     * {@code requirements-dev.txt}, {@code requirements/qa.txt}. A .txt file may be a log or a plan, so
     * only these names are skipped, never .txt files as such.
     */
    static boolean isPipRequirements(String path, String name) {
        return name.matches("requirements([-_.][a-z0-9_-]+)*\\.txt") || path.matches("(.*/)?requirements/[a-z0-9_.-]+\\.txt");
    }

    /**
     * A sqitch verify script ({@code verify/x.sql} beside {@code sqitch.plan}): {@code sqitch verify}
     * runs it to check that a change deployed (typically a SELECT ... WHERE FALSE), so it is neither
     * history nor the application's workload. Its deploy and revert scripts are the history's.
     */
    static boolean isSqitchVerify(Path root, Path file) {
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sql")) {
            return false;
        }
        for (Path dir = file.getParent(); dir != null && dir.startsWith(root) && dir.getParent() != null; dir = dir.getParent()) {
            if (dir.getFileName().toString().equals("verify") && Files.isRegularFile(dir.getParent().resolve("sqitch.plan"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Supabase CLI's seed files ({@code supabase/seed.sql}, and {@code supabase/seeds/*.sql} as
     * config.toml's [db.seed] sql_paths lists them): rows {@code supabase db reset} loads into a
     * local database after the migrations. They are neither migrations (never applied to the
     * deployed database) nor the application's workload (run once, by the CLI), so a walk skips them;
     * named on the command line, one is read as SQL like any other file.
     */
    static boolean isSeedData(String path) {
        return path.matches("(.*/)?supabase/seed\\.sql(\\.gz)?") || path.matches("(.*/)?supabase/seeds/.*\\.sql(\\.gz)?");
    }

    /**
     * The one info line for what a walk skipped, e.g. {@code skipped 5 files that are not inputs (3
     * documentation, 2 tool configuration and lock files)}; directories not entered are counted as one each.
     */
    public static Diagnostic summary(String where, Map<Kind, Integer> counts) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder b = new StringBuilder("skipped ").append(total).append(" that ").append(total == 1 ? "is" : "are")
                .append(" not input (");
        String sep = "";
        for (Map.Entry<Kind, Integer> e : new TreeMap<>(counts).entrySet()) {
            b.append(sep).append(e.getValue()).append(' ').append(e.getKey().label());
            sep = ", ";
        }
        return new Diagnostic(where, 0, b.append("); name a file on the command line to read it anyway").toString());
    }
}
