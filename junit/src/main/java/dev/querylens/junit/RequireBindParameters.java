package dev.querylens.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * No SELECT, INSERT, UPDATE or DELETE of the test may carry values written into its text instead
 * of bound as parameters (QuickPerf's {@code @DisableQueriesWithoutBindParameters}): each distinct
 * value makes a new statement for the server to parse and plan, and a string built into SQL is
 * how injection starts. Any literal counts, including {@code LIMIT 10}.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface RequireBindParameters {
}
