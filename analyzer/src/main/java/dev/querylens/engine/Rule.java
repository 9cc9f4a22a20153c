package dev.querylens.engine;

/**
 * A rule. Implementations are found with {@link java.util.ServiceLoader}; each names its id, and
 * its definition file {@code querylens/rules/<id>.yaml} must be on the classpath. A rule
 * implements one of the kinds below, by what it reads.
 */
public interface Rule {
    String id();
}
