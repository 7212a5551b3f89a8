package org.affinityensemble.devstack;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/** What the broker says of a consumer group: for tests that must not send before a group has formed. */
public final class ConsumerGroups {

    private ConsumerGroups() {
    }

    /**
     * Waits until {@code group} has {@code members} members that hold every partition of {@code topic} between them
     * (a fixed sleep is not enough: a group can take longer than that to settle on a loaded machine).
     */
    public static void awaitAssigned(String bootstrapServers, String group, String topic, int members,
            Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not described yet";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(topic).partitions().size();
            while (System.nanoTime() < deadline) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all()
                        .get(30, TimeUnit.SECONDS).get(group);
                long assigned = description.members().stream().map(MemberDescription::assignment)
                        .flatMap(assignment -> assignment.topicPartitions().stream())
                        .filter(partition -> partition.topic().equals(topic)).count();
                if (description.members().size() == members && assigned == partitions) {
                    return;
                }
                last = description.members().size() + " members, " + assigned + " of " + partitions
                        + " partitions assigned, state " + description.groupState();
                Thread.sleep(250);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot describe consumer group " + group, e);
        }
        throw new IllegalStateException("consumer group " + group + " did not settle within " + timeout + ": " + last);
    }
}
