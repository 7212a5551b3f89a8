package org.affinityensemble.gradient;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.affinityensemble.devstack.ConsumerGroups;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.devstack.Processes;
import org.affinityensemble.devstack.ServiceProcess;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GradientRequest;
import org.affinityensemble.events.GradientsCompleted;
import org.affinityensemble.events.Topics;
import org.junit.jupiter.api.Test;

/** Two packaged gradient-service instances in one consumer group split one dataset's shards by partition. */
class ScaleOutIT {

    @Test
    void twoInstancesSplitADatasetAndItIsAnnouncedCompleteWithEveryExample() throws Exception {
        DevStack stack = DevStack.shared();
        stack.ensureDatabase("gradient_scale_it", true);
        Endpoints endpoints = stack.endpoints();
        List<ServiceProcess> workers = new ArrayList<>();
        try {
            for (String name : List.of("worker-a", "worker-b")) {
                var environment = ServiceProcess.environment("gradient-service", endpoints, "gradient_scale_it",
                        "unused");
                environment.put("ENSEMBLE_WORKER_ID", name);
                environment.put("MP_MESSAGING_INCOMING_GRADIENT_REQUESTS_GROUP_ID", "gradient-scale-it");
                workers.add(ServiceProcess.start(name, Path.of("target", "quarkus-app"), Processes.freePort(),
                        environment, List.of("-Xmx768m", "-XX:TieredStopAtLevel=1"), Path.of("target", "scale-it-" + name + ".log")));
            }
            for (ServiceProcess worker : workers) {
                worker.awaitReady(Duration.ofMinutes(2));
            }
            // Both consumers hold the topic's partitions between them before any request arrives.
            ConsumerGroups.awaitAssigned(endpoints.kafkaBootstrapServers(), "gradient-scale-it",
                    Topics.GRADIENT_REQUESTS, 2, Duration.ofMinutes(2));
            String id = "scale_out";
            int shardCount = 12;
            try (TopicWriter writer = new TopicWriter(endpoints.kafkaBootstrapServers());
                    TopicProbe completions = TopicProbe.fromBeginning(endpoints.kafkaBootstrapServers(),
                            Topics.GRADIENTS_COMPLETED)) {
                for (int shard = 0; shard < shardCount; shard++) {
                    GradientRequest request = GradientRequestTest.request(id, shard, shardCount, shard, shard + 1);
                    writer.send(Topics.GRADIENT_REQUESTS, request.key(), EventCodec.encode(request));
                }
                writer.flush();
                GradientsCompleted done = EventCodec.decode(completions.await(r -> id.equals(r.key()), 1,
                        Duration.ofMinutes(3)).get(0).value(), GradientsCompleted.class);
                assertThat(done.examples()).isEqualTo(shardCount);
            }
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(workers.get(0).url("/v1/gradients/datasets/" + id)))
                    .header("Authorization", workers.get(0).authorization()).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode shards = EventCodec.mapper().readTree(response.body());
            Set<String> by = new HashSet<>();
            shards.forEach(shard -> by.add(shard.get("worker").asText()));
            assertThat(shards.size()).isEqualTo(shardCount);
            assertThat(by).containsExactlyInAnyOrder("worker-a", "worker-b");
        } finally {
            ServiceProcess.closeAll(workers);
        }
    }
}
