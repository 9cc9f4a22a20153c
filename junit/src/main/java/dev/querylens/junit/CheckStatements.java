package dev.querylens.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Also judges each statement the test ran with QueryLens's statement rules, against a schema
 * given as DDL: {@code schema} names classpath resources (e.g. {@code "/db/schema.sql"}, a
 * migration history in order), {@code ddl} holds statements inline. A statement the rules
 * flag fails the test with the rule, the statement, how often it ran and the fix.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface CheckStatements {
    String[] schema() default {};

    String[] ddl() default {};

    /** Statement rule ids ({@code querylens rules} lists them). */
    String[] rules() default {"leading-wildcard", "missing-index"};
}
