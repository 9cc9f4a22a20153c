package dev.querylens.migration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sqitch's project layout: {@code sqitch.plan} at the top, and beside it {@code deploy/},
 * {@code revert/} and {@code verify/}, each holding one script per change, named after it
 * ({@code deploy/users.sql}, {@code revert/users.sql}). Sqitch deploys the changes in the plan's
 * order, not the files' (a change added later may sort first), reverts with the revert script of
 * the same name, and runs verify scripts only to check a deploy. A reworked change keeps its
 * earlier version as {@code deploy/name@tag.sql}, the version the plan had before that tag. Only
 * the default layout is read: a {@code sqitch.conf} that moves the directories or the plan
 * ({@code top_dir}, {@code deploy_dir}, {@code plan_file}) is not followed.
 */
final class SqitchLayout {
    /** Which of a change's scripts a file is. */
    enum Script { DEPLOY, REVERT, VERIFY }

    /** A file of a sqitch project: its top directory, which script it is, and the change (with @tag for a reworked one). */
    record Change(Path top, Script script, String name) {
    }

    private static final long LARGEST_PLAN = 1L << 22;
    /** Plans read in this JVM, by top directory: files do not change during a run, and the order is asked per comparison. */
    private static final Map<Path, Map<String, Integer>> PLANS = new ConcurrentHashMap<>();

    private SqitchLayout() {
    }

    /** The sqitch change {@code file} is a script of, or null when it is no sqitch script. */
    static Change of(String file) {
        if (file == null || file.equals("-") || !file.endsWith(".sql")) {
            return null;
        }
        Path path = Path.of(file).toAbsolutePath().normalize();
        for (Path dir = path.getParent(); dir != null && dir.getParent() != null; dir = dir.getParent()) {
            Script script = switch (dir.getFileName().toString()) {
                case "deploy" -> Script.DEPLOY;
                case "revert" -> Script.REVERT;
                case "verify" -> Script.VERIFY;
                default -> null;
            };
            if (script != null && Files.isRegularFile(dir.getParent().resolve("sqitch.plan"))) {
                String relative = dir.relativize(path).toString().replace('\\', '/');
                return new Change(dir.getParent(), script, relative.substring(0, relative.length() - ".sql".length()));
            }
        }
        return null;
    }

    /** Where the plan deploys {@code change}: its index among the plan's changes; changes the plan does not list come last. */
    static int position(Change change) {
        return plan(change.top()).getOrDefault(change.name(), Integer.MAX_VALUE);
    }

    /**
     * The plan's changes by position. A change line starts with the change's name (then optional
     * dependencies in brackets, a timestamp, the planner and a note); {@code @tag} lines tag the
     * change before them; {@code %} lines are pragmas, {@code #} lines comments. A name listed again
     * after a tag is a rework: the later position is {@code name}'s (deploy/name.sql), the earlier
     * one {@code name@tag}'s for the first tag after it (deploy/name@tag.sql).
     */
    private static Map<String, Integer> plan(Path top) {
        return PLANS.computeIfAbsent(top, t -> {
            List<String> lines;
            try {
                Path plan = t.resolve("sqitch.plan");
                lines = Files.size(plan) > LARGEST_PLAN ? List.of() : Files.readAllLines(plan, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                return Map.of();
            }
            Map<String, Integer> out = new HashMap<>();
            List<String> untagged = new ArrayList<>(); // changes since the last tag line, with their positions in out
            int position = 0;
            for (String raw : lines) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("%") || line.startsWith("#")) {
                    continue;
                }
                String word = line.split("\\s+", 2)[0];
                if (word.startsWith("@")) {
                    for (String name : untagged) {
                        out.putIfAbsent(name + word, out.get(name));
                    }
                    untagged.clear();
                    continue;
                }
                out.put(word, position++);
                untagged.remove(word);
                untagged.add(word);
            }
            return Map.copyOf(out);
        });
    }
}
