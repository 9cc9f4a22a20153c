package dev.querylens.database;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh network namespace for the throwaway server, made by util-linux's unshare: in it no
 * interface is up, not even loopback, so the server and everything it starts can open no
 * connection at all (a connect fails with "Network is unreachable"), and nothing it listens on is
 * reachable from outside it; only its Unix-domain socket, a file, is shared. Root makes one with
 * {@code unshare --net}; another user inside a user namespace that maps only that user to itself
 * ({@code --user --map-current-user}), where the kernel allows unprivileged user namespaces.
 *
 * @param prefix             the command prefix that runs a command in a new namespace; empty where none can be made
 * @param unavailableBecause why none can be made, or null
 */
record NetworkNamespace(List<String> prefix, String unavailableBecause) {
    NetworkNamespace {
        prefix = List.copyOf(prefix);
    }

    static NetworkNamespace unavailable(String because) {
        return new NetworkNamespace(List.of(), because);
    }

    /** The prefix for this process's user, tried once with {@code true}: made, or why not (unshare's own words). */
    static NetworkNamespace available(boolean root) {
        List<String> prefix = root ? List.of("unshare", "--net", "--") : List.of("unshare", "--user", "--map-current-user", "--net", "--");
        List<String> probe = new ArrayList<>(prefix);
        probe.add("true");
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return unavailable("unshare did not finish");
            }
            if (p.exitValue() != 0) {
                String line = out.lines().filter(l -> !l.isBlank()).findFirst().orElse("exit code " + p.exitValue());
                return unavailable("cannot create a network namespace: " + line.strip());
            }
            return new NetworkNamespace(prefix, null);
        } catch (IOException e) {
            return unavailable("cannot create a network namespace: unshare (util-linux) is not installed or cannot run");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("interrupted while creating a network namespace");
        }
    }

    /** Whether process {@code pid} is in another network namespace than this process, as /proc shows it. */
    static boolean separate(long pid) {
        try {
            Path theirs = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net"));
            Path ours = Files.readSymbolicLink(Path.of("/proc", "self", "ns", "net"));
            return !theirs.equals(ours);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // not known to be separate: said as network access
        }
    }
}
