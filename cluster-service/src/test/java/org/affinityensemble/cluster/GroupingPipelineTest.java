package org.affinityensemble.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackTestResource;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.TaskGroup;
import org.affinityensemble.events.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster-service on the real broker and database: a grouping goes from topic to topic, and a malformed matrix
 * goes to the dead-letter topic with its reason. The grouping logic itself is tested with in-memory channels
 * ({@link GroupingListenerTest}).
 */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "cluster_test"))
class GroupingPipelineTest {

    @BeforeEach
    void sendTheTestApiKey() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).build();
    }

    @Test
    void aGroupingGoesFromTheAffinityTopicToTheGroupingsTopic() {
        String projection = "proj-cluster-test";
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe groupings = TopicProbe.fromBeginning(bootstrap, Topics.GROUPINGS)) {
            List<String> four = List.of("a1", "a2", "b1", "b2");
            writer.sendAndWait(Topics.AFFINITY, projection, EventCodec.encode(
                    new AffinityUpdated(1, projection, four, PlantedMatrices.blocks(four), 50, "neg_loss")));
            GroupingUpdated first = EventCodec.decode(groupings.await(r -> projection.equals(r.key()), 1,
                    Duration.ofSeconds(60)).get(0).value(), GroupingUpdated.class);
            assertThat(first.groups()).hasSize(2);
        }
    }

    @Test
    void aMalformedMatrixIsDeadLettered() {
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe dlq = TopicProbe.fromBeginning(bootstrap, Topics.deadLetter(Topics.AFFINITY))) {
            writer.sendAndWait(Topics.AFFINITY, "bad-matrix", "{\"type\":\"affinity.updated\",\"schemaVersion\":1,"
                    + "\"affinityVersion\":1,\"projectionId\":\"p\",\"tasks\":[\"a\",\"b\"],\"matrix\":[[0,1]],"
                    + "\"subsets\":1,\"metric\":\"neg_loss\"}");
            var record = dlq.await(r -> "bad-matrix".equals(r.key()), 1, Duration.ofSeconds(60)).get(0);
            assertThat(TopicProbe.header(record, "dead-letter-reason")).contains("matrix does not match the task list");
        }
    }
}
