package dev.querylens.engine;

import java.util.Map;

/** A project's settings for one rule: on or off, a severity other than the default, parameter values. */
public record RuleSettings(boolean enabled, Severity severity, Map<String, Object> parameters) {
    public static final RuleSettings DEFAULT = new RuleSettings(true, null, Map.of());

    public RuleSettings {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }
}
