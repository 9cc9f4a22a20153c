package dev.querylens.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The exact number of statements of each kind a test executes (QuickPerf's {@code @ExpectSelect},
 * Hypersistence's {@code assertSelectCount}); -1 (the default) leaves a kind unchecked. A
 * regression in either direction fails: one query more is an N+1 starting, one less may be a
 * missing write. For an upper bound use {@link QueryBudget}. A JDBC batch counts one per entry;
 * a WITH counts as what its last statement does.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ExpectQueries {
    int selects() default -1;

    int inserts() default -1;

    int updates() default -1;

    int deletes() default -1;

    int total() default -1;
}
