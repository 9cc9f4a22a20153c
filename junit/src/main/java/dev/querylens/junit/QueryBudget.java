package dev.querylens.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The most statements of each kind a test may execute; -1 (the default) means no limit. On a
 * class it applies to every test without its own. A JDBC batch counts one per entry.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface QueryBudget {
    int selects() default -1;

    int inserts() default -1;

    int updates() default -1;

    int deletes() default -1;

    int total() default -1;
}
