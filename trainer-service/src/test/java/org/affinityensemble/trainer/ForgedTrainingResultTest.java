package org.affinityensemble.trainer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackTestResource;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.Topics;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.affinityensemble.trainer.repository.TrainingRunRepository;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Forged {@code training.result} messages on the real broker (ADR 0091): a result for a run the trainer never
 * launched, for an attempt it never started, for another group, or pointing at an adapter outside the run's prefix
 * goes to the dead-letter topic with its reason and changes nothing; the genuine result that follows is recorded.
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "trainer_forged_test"))
class ForgedTrainingResultTest {

    private static final String RUN = "v7-gforged";
    private static final String GROUP = "gforged";
    private static final String ADAPTER = "gforged-v7";

    @Inject
    TrainingRunRepository runs;

    @BeforeEach
    void sendTheTestApiKey() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).build();
    }

    @Test
    void forgedResultsAreDeadLetteredAndChangeNothing() throws Throwable {
        TrainingRun launched = TrainingRun.pending(RUN, 7, GROUP, Kind.GROUP, List.of("t1", "t2"), "t1:1,t2:1",
                ADAPTER, Instant.now()).claim(1, Instant.now());
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> runs.persist(launched)));

        Map<String, TrainingResult> forged = Map.of(
                "forged-unknown-run", result("v7-nobody", GROUP, 1, "adapters/gforged-v7/"),
                "forged-attempt", result(RUN, GROUP, 2, "adapters/gforged-v7/"),
                "forged-group", result(RUN, "gother", 1, "adapters/gforged-v7/"),
                "forged-elsewhere", result(RUN, GROUP, 1, "adapters/attacker/"),
                "forged-escape", result(RUN, GROUP, 1, "adapters/gforged-v7/../attacker/"));
        Map<String, String> reasons = Map.of(
                "forged-unknown-run", "no run 'v7-nobody' was launched",
                "forged-attempt", "attempt 2 was never started",
                "forged-group", "not the run's group",
                "forged-elsewhere", "outside the run's own prefix",
                "forged-escape", "outside the run's own prefix");
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe dlq = TopicProbe.fromBeginning(bootstrap, Topics.deadLetter(Topics.TRAINING_RESULTS))) {
            forged.forEach((key, result) -> writer.sendAndWait(Topics.TRAINING_RESULTS, key,
                    EventCodec.encode(result)));
            var dead = dlq.await(r -> r.key() != null && r.key().startsWith("forged-"), forged.size(),
                    Duration.ofSeconds(60));
            assertThat(dead).extracting(r -> r.key()).containsExactlyInAnyOrderElementsOf(forged.keySet());
            for (var record : dead) {
                assertThat(TopicProbe.header(record, "dead-letter-reason")).as(record.key())
                        .contains(reasons.get(record.key()));
            }
            given().get("/v1/training/runs/" + RUN).then().statusCode(200).body("state", equalTo("RUNNING"))
                    .body("attempt", equalTo(1));
            given().get("/v1/training/adapters").then().statusCode(200).body("size()", equalTo(0));

            writer.sendAndWait(Topics.TRAINING_RESULTS, RUN, EventCodec.encode(result(RUN, GROUP, 1,
                    "adapters/gforged-v7/")));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/v1/training/runs/" + RUN).then().statusCode(200).body("state", equalTo("SUCCEEDED")));
            given().get("/v1/training/adapters/" + ADAPTER).then().statusCode(200)
                    .body("prefix", equalTo("adapters/gforged-v7/"));
        }
    }

    private static TrainingResult result(String run, String group, int attempt, String prefix) {
        return new TrainingResult(run, group, attempt, TrainingResult.Status.SUCCEEDED, prefix,
                Map.of("validation_accuracy", 0.9), "");
    }
}
