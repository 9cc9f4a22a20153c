package dev.querylens.collect;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * A file a directory walk met whose content no source recognised and that is plainly no input: a script
 * (its first line a {@code #!}), a cookie jar (by its first line), or a name ending in an extension none of QueryLens's inputs is named with: the source of a language {@link CompanionFiles}
 * does not list ({@code .purs}, {@code .dhall}), a tool's data file ({@code .tix} coverage counts).
 * A repository holds many such files, and no list of languages is ever complete; counting each as
 * lost input would fail {@code check} on the first project written in one not listed. Inputs are
 * told by their content, whatever their name (a plan named .out is read), so the name only decides
 * what an unrecognised file is: one named as an input may be (a {@code .log} with an unknown
 * prefix, a {@code .txt} plan cut short, an extensionless or rotated {@code postgresql.log.1} log)
 * stays lost input, and so do binary content (InputFiles asks this only of text) and any file named on the command line.
 */
final class ForeignExtension {
    /** The extensions inputs are written with: SQL, logs and their rotations, exports, plans, traces. */
    private static final Set<String> INPUT_EXTENSIONS = Set.of("sql", "psql", "pgsql", "ddl", "dml", "log", "logs", "csv", "tsv",
            "json", "jsonl", "ndjson", "csvlog", "jsonlog", "txt", "text", "out", "err", "stderr", "stdout", "trace", "plan", "explain", "dump", "gz",
            "bz2", "xz", "zst", "zip", "old", "bak");

    private ForeignExtension() {
    }

    /**
     * Whether an unrecognised file is foreign: a script by its first line ({@code #!/usr/bin/env bash}: an
     * executable of any name, often none, is never a log, SQL or plan), or by its extension.
     */
    static boolean isForeign(Path file, String head) {
        return (head != null && (head.startsWith("#!") || isCookieJar(head))) || isForeign(file);
    }

    /**
     * A cookie jar curl or wget wrote ({@code curl -c cookies.txt}; its first line {@code # Netscape HTTP Cookie File}
     * or {@code # HTTP Cookie File}, as curl's docs/HTTP-COOKIES.md gives it): session tokens for a test against
     * the application, never SQL or a log (bhardwajRahul/go-web-server commits one at its top).
     */
    static boolean isCookieJar(String head) {
        return head.startsWith("# Netscape HTTP Cookie File") || head.startsWith("# HTTP Cookie File");
    }

    /** Whether {@code file}'s extension (letters only: a date or rotation number is no extension) is none an input has. */
    static boolean isForeign(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        if (dot <= 0 || dot == name.length() - 1) {
            return false;
        }
        String extension = name.substring(dot + 1);
        return extension.chars().allMatch(c -> c >= 'a' && c <= 'z') && !INPUT_EXTENSIONS.contains(extension);
    }

    /** The distinct extensions of {@code files}, for the note that counts them (".purs, .dhall", "scripts"). */
    static String extensions(java.util.List<String> files) {
        java.util.Set<String> seen = new java.util.LinkedHashSet<>();
        for (String f : files) {
            Path p = Path.of(f);
            String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
            seen.add(isForeign(p) ? name.substring(name.lastIndexOf('.')) : name.contains("cookie") ? "cookie jars" : "#! scripts");
        }
        return String.join(", ", seen);
    }
}
