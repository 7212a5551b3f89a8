package org.affinityensemble.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.memory.InMemoryConnector;
import io.smallrye.reactive.messaging.memory.InMemorySink;
import io.smallrye.reactive.messaging.memory.InMemorySource;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.affinityensemble.cluster.service.GroupingService;
import org.affinityensemble.devstack.ApiKeys;
import org.affinityensemble.devstack.InMemoryChannels;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.TaskGroup;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cluster-service's listener and REST logic on the real database with in-memory channels (the fast tier):
 * planted block matrices become groups, group ids stay stable, a redelivered version publishes nothing, a grouping stored
 * but not sent (the process died in between) is published by the outbox, a new
 * projection's grouping is newer than every earlier one. The dead-letter topic needs the broker
 * ({@link GroupingPipelineTest}).
 */
@QuarkusTest
@QuarkusTestResource(value = InMemoryChannels.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "incoming", value = "affinity"), @ResourceArg(name = "outgoing", value = "groupings"),
        @ResourceArg(name = "database", value = "cluster_fast_test")})
class GroupingListenerTest {

    @BeforeEach
    void sendTheTestApiKey() {
        RestAssured.requestSpecification = new RequestSpecBuilder()
                .addHeader("Authorization", ApiKeys.bearer(ApiKeys.TEST_KEY)).build();
    }

    @Inject
    @Any
    InMemoryConnector connector;

    @Inject
    GroupingService service;

    private InMemorySource<String> affinity;
    private InMemorySink<String> groupings;

    @BeforeEach
    void channels() {
        affinity = connector.<String>source("affinity").runOnVertxContext(true);
        groupings = connector.sink("groupings");
        groupings.clear();
    }

    @Test
    void blocksBecomeGroupsAndANewTaskChangesOnlyItsGroup() {
        String projection = "proj-fast-blocks";
        List<String> six = List.of("a1", "a2", "a3", "b1", "b2", "b3");
        affinity.send(EventCodec.encode(new AffinityUpdated(1, projection, six, PlantedMatrices.blocks(six), 50,
                "neg_loss")));
        GroupingUpdated first = awaitGroupings(projection, 1).get(0);
        assertThat(asSets(first)).containsExactlyInAnyOrder(Set.of("a1", "a2", "a3"), Set.of("b1", "b2", "b3"));
        assertThat(first.changedGroups()).hasSize(2);
        String bGroup = idOf(first, "b1");

        List<String> seven = List.of("a1", "a2", "a3", "a4", "b1", "b2", "b3");
        String second = EventCodec.encode(new AffinityUpdated(2, projection, seven, PlantedMatrices.blocks(seven),
                60, "neg_loss"));
        affinity.send(second);
        affinity.send(second); // redelivered
        GroupingUpdated next = awaitGroupings(projection, 2).get(1);
        assertThat(asSets(next)).containsExactlyInAnyOrder(Set.of("a1", "a2", "a3", "a4"), Set.of("b1", "b2", "b3"));
        assertThat(idOf(next, "b1")).as("an unchanged group keeps its id").isEqualTo(bGroup);
        assertThat(next.changedGroups()).containsExactly(idOf(next, "a4"));
        assertThat(next.groupingVersion()).isEqualTo(first.groupingVersion() + 1);
        affinity.send(second);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> received(projection).size() == 2);

        var view = given().get("/v1/groupings").then().statusCode(200).extract().jsonPath();
        assertThat(view.getMap("groups")).hasSize(2);
    }

    @Test
    void aNewProjectionsGroupingIsNewerThanEveryEarlierOne() {
        String before = "proj-fast-before";
        String after = "proj-fast-after";
        List<String> four = List.of("a1", "a2", "b1", "b2");
        for (long version = 1; version <= 2; version++) {
            affinity.send(EventCodec.encode(new AffinityUpdated(version, before, four, PlantedMatrices.blocks(four),
                    50, "neg_loss")));
        }
        long newestBefore = awaitGroupings(before, 2).stream().mapToLong(GroupingUpdated::groupingVersion).max()
                .orElseThrow();

        affinity.send(EventCodec.encode(new AffinityUpdated(1, after, four, PlantedMatrices.blocks(four), 50,
                "neg_loss")));
        GroupingUpdated first = awaitGroupings(after, 1).get(0);
        assertThat(first.projectionId()).isEqualTo(after);
        assertThat(first.groupingVersion()).as("after every version of the earlier projection")
                .isGreaterThan(newestBefore);
        assertThat(first.changedGroups()).as("a new projection starts its groups afresh").hasSize(2);
    }

    @Test
    void aGroupingStoredButNotSentIsPublishedByTheOutboxOnceAndARedeliveryAddsNothing() throws Throwable {
        String projection = "proj-fast-outbox";
        List<String> four = List.of("a1", "a2", "b1", "b2");
        AffinityUpdated matrix = new AffinityUpdated(1, projection, four, PlantedMatrices.blocks(four), 50,
                "neg_loss");
        // The process dies between storing the grouping and sending it: the grouping is stored, nothing is sent.
        GroupingUpdated stored = VertxContextSupport.subscribeAndAwait(() -> service.group(matrix));
        assertThat(stored).isNotNull();

        // The outbox's timer (every second in tests) publishes it without any new input.
        GroupingUpdated published = awaitGroupings(projection, 1).get(0);
        assertThat(published.groupingVersion()).isEqualTo(stored.groupingVersion());
        assertThat(asSets(published)).containsExactlyInAnyOrderElementsOf(asSets(stored));

        // The affinity version is redelivered (its offset was never committed): nothing is published again.
        affinity.send(EventCodec.encode(matrix));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> received(projection).size() == 1);
    }

    private List<GroupingUpdated> awaitGroupings(String projection, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> received(projection).size() >= count);
        return received(projection);
    }

    /** The groupings published under a projection's key, in order. */
    private List<GroupingUpdated> received(String projection) {
        return groupings.received().stream().filter(message -> projection.equals(key(message)))
                .map(message -> EventCodec.decode(message.getPayload(), GroupingUpdated.class)).toList();
    }

    private static Object key(Message<String> message) {
        return message.getMetadata(OutgoingKafkaRecordMetadata.class).map(OutgoingKafkaRecordMetadata::getKey)
                .orElse(null);
    }

    private static List<Set<String>> asSets(GroupingUpdated grouping) {
        return grouping.groups().stream().map(g -> Set.copyOf(g.tasks())).collect(Collectors.toList());
    }

    private static String idOf(GroupingUpdated grouping, String task) {
        return grouping.groups().stream().filter(g -> g.tasks().contains(task)).map(TaskGroup::groupId).findFirst()
                .orElseThrow();
    }
}
