package dev.querylens.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Every INSERT, UPDATE and DELETE the test runs is sent in JDBC batches of this size (QuickPerf's
 * {@code @ExpectJdbcBatching}, Hibernate's {@code hibernate.jdbc.batch_size}); the last batch of a
 * statement may be smaller, as the remainder. A write sent on its own, or batches of another
 * size, fail the test.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface ExpectBatchSize {
    int value();
}
