package org.affinityensemble.devstack;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fast test tier: a {@code @QuarkusTest} of a service's listener and REST logic with its Kafka channels
 * switched to SmallRye's in-memory connector (no broker, no consumer-group joins) and a fresh database of its own
 * on the real PostgreSQL server. What needs the broker (dead-letter topics, redelivery after a crash, several
 * instances) stays in the real-broker tests. Init args: {@code incoming} and {@code outgoing} (comma-separated
 * channel names) and {@code database}.
 */
public class InMemoryChannels implements QuarkusTestResourceLifecycleManager {

    private List<String> incoming = List.of();
    private List<String> outgoing = List.of();
    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        incoming = names(initArgs.get("incoming"));
        outgoing = names(initArgs.get("outgoing"));
        database = initArgs.get("database");
    }

    private static List<String> names(String list) {
        return list == null || list.isBlank() ? List.of()
                : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.putAll(InMemoryConnector.switchIncomingChannelsToInMemory(incoming.toArray(String[]::new)));
        config.putAll(InMemoryConnector.switchOutgoingChannelsToInMemory(outgoing.toArray(String[]::new)));
        config.put("ensemble.auth.api-key", ApiKeys.TEST_KEY);
        if (database != null) {
            PostgresDatabases postgres = PostgresDatabases.fromEnvironment();
            postgres.ensureRunning();
            String name = database + Endpoints.checkoutSuffix();
            postgres.ensureDatabase(name, true);
            config.put("quarkus.datasource.reactive.url", "postgresql://" + postgres.host() + ":" + postgres.port()
                    + "/" + name);
            config.put("quarkus.datasource.username", postgres.user());
            if (!postgres.password().isEmpty()) {
                config.put("quarkus.datasource.password", postgres.password());
            }
        }
        return config;
    }

    @Override
    public void stop() {
        InMemoryConnector.clear();
    }
}
