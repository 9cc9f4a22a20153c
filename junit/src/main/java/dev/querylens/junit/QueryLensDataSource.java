package dev.querylens.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the {@code javax.sql.DataSource} field the extension captures. Before each test the
 * extension replaces the field's value with a capturing wrapper of it, so code built from the
 * field afterwards (in {@code @BeforeEach} or the test) is recorded. Static or instance fields.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface QueryLensDataSource {
}
