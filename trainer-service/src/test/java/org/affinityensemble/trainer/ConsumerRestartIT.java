package org.affinityensemble.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.Endpoints;
import org.affinityensemble.devstack.Processes;
import org.affinityensemble.devstack.ServiceProcess;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.DatasetDeclared;
import org.affinityensemble.events.DatasetSealed;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.SampleRecord;
import org.affinityensemble.events.Topics;
import org.junit.jupiter.api.Test;

/**
 * Kills the packaged trainer-service (SIGKILL) while a dataset streams in, keeps streaming while it is down,
 * restarts it, and checks that every sample was stored exactly once.
 */
class ConsumerRestartIT {

    private static final int SAMPLES = 300;
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aConsumerKilledMidStreamLosesNothingAndStoresNothingTwice() throws Exception {
        DevStack stack = DevStack.shared();
        stack.ensureDatabase("trainer_restart_it", true);
        Endpoints endpoints = stack.endpoints();
        var environment = ServiceProcess.environment("trainer-service", endpoints, "trainer_restart_it",
                "restart-it");
        environment.put("MP_MESSAGING_INCOMING_DATASETS_GROUP_ID", "trainer-restart-it");
        environment.put("ENSEMBLE_TRAINER_META_INIT_EPOCHS", "0");
        environment.put("MP_MESSAGING_INCOMING_DATASETS_SESSION_TIMEOUT_MS", "6000");
        Path app = Path.of("target", "quarkus-app");
        int port = Processes.freePort();
        String id = "restart_case";

        ServiceProcess trainer = ServiceProcess.start("trainer-service", app, port, environment, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"),
                Path.of("target", "restart-it-1.log")).awaitReady(Duration.ofSeconds(120));
        try (TopicWriter writer = new TopicWriter(endpoints.kafkaBootstrapServers())) {
            writer.sendAndWait(Topics.DATASETS, id, EventCodec.encode(new DatasetDeclared(id, List.of("even", "odd"), "")));
            for (int i = 0; i < SAMPLES; i++) {
                writer.send(Topics.DATASETS, id, sample(id, i));
            }
            writer.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long acceptedAtKill;
            while ((acceptedAtKill = accepted(trainer, id)) < SAMPLES / 4 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            trainer.kill();
            assertThat(acceptedAtKill).as("killed mid-stream").isBetween((long) SAMPLES / 4, (long) SAMPLES - 1);
            writer.send(Topics.DATASETS, id, sample(id, 5)); // a duplicate as well
            writer.sendAndWait(Topics.DATASETS, id, EventCodec.encode(new DatasetSealed(id, SAMPLES)));
        }

        trainer = ServiceProcess.start("trainer-service", app, port, environment, List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"),
                Path.of("target", "restart-it-2.log")).awaitReady(Duration.ofSeconds(120));
        try {
            JsonNode view = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (System.nanoTime() < deadline) {
                view = dataset(trainer, id);
                if (view != null && "READY".equals(view.get("state").asText())) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(view).isNotNull();
            assertThat(view.get("state").asText()).isEqualTo("READY");
            assertThat(view.get("accepted").asLong()).isEqualTo(SAMPLES);
            assertThat(view.get("train").asLong() + view.get("validation").asLong() + view.get("test").asLong())
                    .isEqualTo(SAMPLES);
        } finally {
            trainer.close();
        }
    }

    private static String sample(String id, int i) {
        return EventCodec.encode(new SampleRecord(id, "n" + i, null, "the number " + i + " in words", i % 2 == 0 ? "even" : "odd"));
    }

    private long accepted(ServiceProcess trainer, String id) throws Exception {
        JsonNode view = dataset(trainer, id);
        return view == null ? 0 : view.get("accepted").asLong();
    }

    private JsonNode dataset(ServiceProcess trainer, String id) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(trainer.url("/v1/datasets/" + id)))
                .header("Authorization", trainer.authorization()).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? EventCodec.mapper().readTree(response.body()) : null;
    }
}
