package dev.querylens.rules;

import dev.querylens.collect.SourceLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * A finding's locations, the statement a reviewer must change first: the CREATE POLICY, CREATE
 * INDEX or CREATE FUNCTION a finding is about, then the others it names, with the table's CREATE
 * TABLE only where nothing nearer is known (a live catalog knows no lines). Reports show the first,
 * and SARIF's region is the first file location, so a pull request annotation lands on that line.
 */
final class WhereToChange {
    private WhereToChange() {
    }

    /** The known locations, nearest first, each once. */
    static List<SourceLocation> of(SourceLocation... nearestFirst) {
        List<SourceLocation> out = new ArrayList<>();
        for (SourceLocation l : nearestFirst) {
            if (l != null && !out.contains(l)) {
                out.add(l);
            }
        }
        return out;
    }

    /** The locations of several statements (the policies that overlap), else the fallback when none of theirs is known. */
    static List<SourceLocation> of(List<SourceLocation> statements, SourceLocation fallback) {
        List<SourceLocation> known = of(statements.toArray(SourceLocation[]::new));
        return known.isEmpty() ? of(fallback) : known;
    }
}
