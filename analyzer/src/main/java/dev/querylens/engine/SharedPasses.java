package dev.querylens.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Passes over the execution stream that several sequence rules read, one of each kind per engine:
 * state that every such rule would otherwise keep and update per execution on its own (the loop
 * rules' sessions, requests and transactions). A rule asks for a pass by its class; the engine feeds
 * each pass every execution and session end before the rules' watchers, and finishes it before
 * them. Kinds are the rules' own classes: the engine knows none of them.
 */
public final class SharedPasses {
    private final Map<Class<?>, SequenceRule.Watcher> passes = new LinkedHashMap<>();

    /** The pass of this kind, made on first asking; {@code make} must not ask for another pass (it runs inside the map's update). */
    public <T extends SequenceRule.Watcher> T get(Class<T> kind, Supplier<T> make) {
        return kind.cast(passes.computeIfAbsent(kind, k -> make.get()));
    }

    /** The passes made so far, in the order first asked for. */
    List<SequenceRule.Watcher> all() {
        return new ArrayList<>(passes.values());
    }
}
