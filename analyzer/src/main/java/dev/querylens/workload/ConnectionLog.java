package dev.querylens.workload;

import dev.querylens.collect.ConnectionEvent;
import dev.querylens.collect.Execution;
import dev.querylens.collect.SourceLocation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tallies the connection markers of server logs (log_connections, log_disconnections) as they
 * stream in, into {@link LogSessions}. Memory is fixed: session lengths go into histograms, at most
 * {@value #MAX_CLIENTS} clients are told apart (the rest are counted together), and a session's
 * client is remembered only while it is open, for at most as many open sessions as the workload
 * keeps ({@link MemoryLimits#openSessions()}, least recently started forgotten first: its
 * disconnection is then counted under the role and database the disconnection line names).
 */
final class ConnectionLog {
    static final int MAX_CLIENTS = 100;
    private static final int MAX_LOCATIONS = 3;

    private record Client(String user, String database, String application) {
    }

    private static final class Tally {
        long newSessions;
        final SessionLengths lengths = new SessionLengths();
    }

    private final Map<String, Client> open;
    private final Map<Client, Tally> clients = new HashMap<>();
    private final Tally others = new Tally();
    private final SessionLengths lengths = new SessionLengths();
    private final List<SourceLocation> locations = new ArrayList<>();
    private long received;
    private long authorized;
    private long disconnections;
    private Instant first;
    private Instant last;
    private long statementsMissing;
    private long statementsExisting;
    private final Map<String, Long> statementNames = new LinkedHashMap<>();
    private long otherStatementNames;
    private final java.util.Set<String> errorClients = new java.util.TreeSet<>();
    private final List<SourceLocation> errorLocations = new ArrayList<>();

    ConnectionLog(int openSessions) {
        this.open = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
                return size() > openSessions;
            }
        };
    }

    /** A log entry's time, connection or execution: the span the rate of new sessions is measured over. */
    void seen(Instant at) {
        if (at != null) {
            first = first == null || at.isBefore(first) ? at : first;
            last = last == null || at.isAfter(last) ? at : last;
        }
    }

    void add(Execution marker) {
        ConnectionEvent event = marker.connection();
        seen(marker.timestamp());
        if (event.kind().preparedStatementError()) {
            preparedStatementError(marker, event);
            return;
        }
        switch (event.kind()) {
            case RECEIVED -> {
                received++;
                if (authorized == 0 && locations.size() < MAX_LOCATIONS) {
                    locations.add(marker.location());
                }
            }
            case AUTHORIZED -> {
                if (authorized++ == 0) {
                    locations.clear(); // point at sessions that began, not at sockets that may have failed to log in
                }
                if (locations.size() < MAX_LOCATIONS) {
                    locations.add(marker.location());
                }
                Client client = new Client(event.user(), event.database(), event.application());
                tally(client).newSessions++;
                if (marker.session() != null) {
                    open.put(marker.session(), client);
                }
            }
            case DISCONNECTED -> {
                disconnections++;
                lengths.add(event.sessionMs());
                Client client = marker.session() == null ? null : open.remove(marker.session());
                tally(client != null ? client : new Client(event.user(), event.database(), null)).lengths.add(event.sessionMs());
            }
        }
    }

    private void preparedStatementError(Execution marker, ConnectionEvent event) {
        if (event.kind() == ConnectionEvent.Kind.PREPARED_STATEMENT_MISSING) {
            statementsMissing++;
        } else {
            statementsExisting++;
        }
        if (statementNames.containsKey(event.statement()) || statementNames.size() < PreparedStatementErrors.MAX_NAMES) {
            statementNames.merge(event.statement(), 1L, Long::sum);
        } else {
            otherStatementNames++;
        }
        Client client = marker.session() == null ? null : open.get(marker.session());
        if (client != null && errorClients.size() < MAX_CLIENTS) {
            errorClients.add((client.user() == null ? "?" : client.user()) + "@" + (client.database() == null ? "?" : client.database()));
        }
        if (errorLocations.size() < MAX_LOCATIONS) {
            errorLocations.add(marker.location());
        }
    }

    private Tally tally(Client client) {
        Tally t = clients.get(client);
        if (t == null) {
            if (clients.size() >= MAX_CLIENTS) {
                return others;
            }
            t = new Tally();
            clients.put(client, t);
        }
        return t;
    }

    LogSessions facts() {
        PreparedStatementErrors errors = statementsMissing + statementsExisting == 0 ? PreparedStatementErrors.NONE
                : new PreparedStatementErrors(statementsMissing, statementsExisting, statementNames, otherStatementNames,
                        List.copyOf(errorClients), errorLocations);
        if (received == 0 && authorized == 0 && disconnections == 0) {
            return errors == PreparedStatementErrors.NONE ? LogSessions.NONE
                    : new LogSessions(0, 0, 0, first, last, Double.NaN, Double.NaN, Double.NaN, List.of(), 0, List.of(), errors);
        }
        List<ClientSessions> list = new ArrayList<>();
        clients.forEach((c, t) -> list.add(new ClientSessions(c.user(), c.database(), c.application(), t.newSessions,
                t.lengths.count(), t.lengths.quantileMs(0.5), t.lengths.quantileMs(0.9))));
        list.sort(Comparator.comparingLong(ClientSessions::newSessions).reversed()
                .thenComparing(Comparator.comparingLong(ClientSessions::disconnections).reversed())
                .thenComparing(c -> String.valueOf(c.user()) + "@" + c.database() + "/" + c.application()));
                return new LogSessions(authorized > 0 ? authorized : received, received, disconnections, first, last,
                lengths.meanMs(), lengths.quantileMs(0.5), lengths.quantileMs(0.9), list, others.newSessions, locations, errors);
    }
}
