package org.affinityensemble.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.affinityensemble.devstack.DevStack;
import org.affinityensemble.devstack.DevStackTestResource;
import org.affinityensemble.devstack.TopicProbe;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.TaskGroup;
import org.affinityensemble.events.Topics;
import org.junit.jupiter.api.Test;

/** The cluster-service on the real broker and database with planted block matrices. */
@QuarkusTest
@QuarkusTestResource(value = DevStackTestResource.class, restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "database", value = "cluster_test"))
class GroupingPipelineTest {

    @Test
    void blocksBecomeGroupsAndANewTaskChangesOnlyItsGroup() {
        String projection = "proj-cluster-test";
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe groupings = TopicProbe.fromBeginning(bootstrap, Topics.GROUPINGS)) {
            List<String> six = List.of("a1", "a2", "a3", "b1", "b2", "b3");
            writer.sendAndWait(Topics.AFFINITY, projection, EventCodec.encode(
                    new AffinityUpdated(1, projection, six, blocks(six), 50, "neg_loss")));
            GroupingUpdated first = EventCodec.decode(groupings.await(r -> projection.equals(r.key()), 1,
                    Duration.ofSeconds(60)).get(0).value(), GroupingUpdated.class);
            assertThat(asSets(first)).containsExactlyInAnyOrder(Set.of("a1", "a2", "a3"), Set.of("b1", "b2", "b3"));
            assertThat(first.changedGroups()).hasSize(2);
            String bGroup = idOf(first, "b1");

            List<String> seven = List.of("a1", "a2", "a3", "a4", "b1", "b2", "b3");
            AffinityUpdated second = new AffinityUpdated(2, projection, seven, blocks(seven), 60, "neg_loss");
            writer.sendAndWait(Topics.AFFINITY, projection, EventCodec.encode(second));
            writer.sendAndWait(Topics.AFFINITY, projection, EventCodec.encode(second)); // redelivered
            GroupingUpdated next = EventCodec.decode(groupings.await(r -> projection.equals(r.key()), 2,
                    Duration.ofSeconds(60)).get(1).value(), GroupingUpdated.class);
            assertThat(asSets(next)).containsExactlyInAnyOrder(Set.of("a1", "a2", "a3", "a4"), Set.of("b1", "b2", "b3"));
            assertThat(idOf(next, "b1")).as("an unchanged group keeps its id").isEqualTo(bGroup);
            assertThat(next.changedGroups()).containsExactly(idOf(next, "a4"));
            assertThat(next.groupingVersion()).isEqualTo(first.groupingVersion() + 1);
            assertThat(groupings.drain(Duration.ofSeconds(3)).stream().filter(r -> projection.equals(r.key())))
                    .as("the redelivered affinity version publishes nothing").hasSize(2);
        }
        var view = given().get("/v1/groupings").then().statusCode(200).extract().jsonPath();
        assertThat(view.getMap("groups")).hasSize(2);
    }

    @Test
    void aNewProjectionsGroupingIsNewerThanEveryEarlierOne() {
        String before = "proj-cluster-before";
        String after = "proj-cluster-after";
        String bootstrap = DevStack.shared().endpoints().kafkaBootstrapServers();
        try (TopicWriter writer = new TopicWriter(bootstrap);
                TopicProbe groupings = TopicProbe.fromBeginning(bootstrap, Topics.GROUPINGS)) {
            List<String> four = List.of("a1", "a2", "b1", "b2");
            for (long version = 1; version <= 2; version++) {
                writer.sendAndWait(Topics.AFFINITY, before, EventCodec.encode(
                        new AffinityUpdated(version, before, four, blocks(four), 50, "neg_loss")));
            }
            List<GroupingUpdated> old = groupings.await(r -> before.equals(r.key()), 2, Duration.ofSeconds(60))
                    .stream().map(r -> EventCodec.decode(r.value(), GroupingUpdated.class)).toList();
            long newestBefore = old.stream().mapToLong(GroupingUpdated::groupingVersion).max().orElseThrow();
            groupings.drain(Duration.ofSeconds(2));

            writer.sendAndWait(Topics.AFFINITY, after, EventCodec.encode(
                    new AffinityUpdated(1, after, four, blocks(four), 50, "neg_loss")));
            GroupingUpdated first = EventCodec.decode(groupings.await(r -> after.equals(r.key()), 1,
                    Duration.ofSeconds(60)).get(0).value(), GroupingUpdated.class);
            assertThat(first.projectionId()).isEqualTo(after);
            assertThat(first.groupingVersion()).as("after every version of the earlier projection")
                    .isGreaterThan(newestBefore);
            assertThat(first.changedGroups()).as("a new projection starts its groups afresh").hasSize(2);
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

    /** z-scored-like affinities: +1 within a block (same first letter), -1 across, small deterministic noise. */
    private static double[][] blocks(List<String> tasks) {
        int n = tasks.size();
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    double noise = 0.1 * Math.sin(7 * i + 3 * j) * Math.sin(7 * j + 3 * i);
                    t[i][j] = (tasks.get(i).charAt(0) == tasks.get(j).charAt(0) ? 1 : -1) + noise;
                }
            }
        }
        return t;
    }

    private static List<Set<String>> asSets(GroupingUpdated grouping) {
        return grouping.groups().stream().map(g -> Set.copyOf(g.tasks())).collect(Collectors.toList());
    }

    private static String idOf(GroupingUpdated grouping, String task) {
        return grouping.groups().stream().filter(g -> g.tasks().contains(task)).map(TaskGroup::groupId).findFirst()
                .orElseThrow();
    }

}
