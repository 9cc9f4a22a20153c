package dev.querylens.rules;

import dev.querylens.collect.QueryTags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link OrmFixes#recognise} for a caller that asks statement after statement (a sequence rule
 * looking at each session's first statements): the same answer, without the allocation that made
 * it a fifth of the consumer thread's time on a log of short statements. One {@link Matcher} per
 * pattern of the table is made once and reset on each text, instead of one per pattern per
 * statement; and what a framework tag or an application_name shows, a function of that string
 * alone, is remembered (a session sends the same one with each statement). Matchers are not
 * thread-safe: one recogniser per thread of use.
 */
final class OrmRecogniser {
    /** Distinct framework tags and application names remembered before starting afresh: they are a handful per log. */
    private static final int MAX_REMEMBERED = 1024;
    /** A text longer than this is not left in the matchers after a call (memory stays flat whatever the statements). */
    private static final int LARGE_TEXT = 16_384;

    private final List<OrmFixes.Orm> orms;
    /** Per ORM, in the table's order, a reusable matcher per SQL pattern. */
    private final List<Matcher[]> sqlMatchers = new ArrayList<>();
    private final Map<String, Optional<OrmFixes.Recognised>> byFramework = new HashMap<>();
    private final Map<String, Optional<OrmFixes.Recognised>> byApplication = new HashMap<>();

    OrmRecogniser(OrmFixes table) {
        this.orms = table.orms();
        for (OrmFixes.Orm o : orms) {
            Matcher[] m = new Matcher[o.sql().size()];
            for (int k = 0; k < m.length; k++) {
                m[k] = o.sql().get(k).matcher("");
            }
            sqlMatchers.add(m);
        }
    }

    /** The ORM the statement's tags or text show, strongest evidence first; empty for plain SQL. */
    Optional<OrmFixes.Recognised> recognise(QueryTags tags, String rawSql) {
        String framework = tags.framework() != null ? tags.framework() : tags.get("db_driver");
        if (framework != null) {
            Optional<OrmFixes.Recognised> r = remembered(byFramework, framework, this::byFramework);
            if (r.isPresent()) {
                return r;
            }
        }
        String application = tags.applicationName();
        if (application != null) {
            Optional<OrmFixes.Recognised> r = remembered(byApplication, application, this::byApplication);
            if (r.isPresent()) {
                return r;
            }
        }
        if (rawSql != null) {
            String sql = rawSql.strip(); // the same string, no copy, where there is no space around it
            for (int i = 0; i < orms.size(); i++) {
                for (Matcher m : sqlMatchers.get(i)) {
                    if (m.reset(sql).find()) {
                        return Optional.of(new OrmFixes.Recognised(orms.get(i), "the shape of the SQL it writes"));
                    }
                }
            }
            if (sql.length() > LARGE_TEXT) {
                for (Matcher[] ms : sqlMatchers) {
                    for (Matcher m : ms) {
                        m.reset(""); // hold on to no large statement text between calls
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<OrmFixes.Recognised> byFramework(String framework) {
        for (OrmFixes.Orm o : orms) {
            if (o.framework() != null && o.framework().matcher(framework).find()) {
                return Optional.of(new OrmFixes.Recognised(o, "the query comment's framework tag '" + framework + "'"));
            }
        }
        return Optional.empty();
    }

    private Optional<OrmFixes.Recognised> byApplication(String application) {
        for (OrmFixes.Orm o : orms) {
            if (o.application() != null && o.application().matcher(application).find()) {
                return Optional.of(new OrmFixes.Recognised(o, "application_name '" + application + "'"));
            }
        }
        return Optional.empty();
    }

    private static Optional<OrmFixes.Recognised> remembered(Map<String, Optional<OrmFixes.Recognised>> memo, String key,
                                                           java.util.function.Function<String, Optional<OrmFixes.Recognised>> look) {
        Optional<OrmFixes.Recognised> r = memo.get(key);
        if (r == null) {
            if (memo.size() >= MAX_REMEMBERED) {
                memo.clear();
            }
            r = look.apply(key);
            memo.put(key, r);
        }
        return r;
    }
}
