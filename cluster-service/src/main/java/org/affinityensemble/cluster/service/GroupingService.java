package org.affinityensemble.cluster.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.affinityensemble.cluster.config.ClusterSettings;
import org.affinityensemble.cluster.entity.GroupingVersion;
import org.affinityensemble.cluster.repository.GroupingVersionRepository;
import org.affinityensemble.events.AffinityUpdated;
import org.affinityensemble.events.EventCodec;
import org.affinityensemble.events.GroupingUpdated;
import org.affinityensemble.events.TaskGroup;
import org.affinityensemble.grouping.GroupIdentity;
import org.affinityensemble.grouping.GroupingPlan;
import org.affinityensemble.grouping.GroupingPlanner;
import org.affinityensemble.grouping.IdentifiedGrouping;
import org.affinityensemble.grouping.PlannerSettings;
import org.affinityensemble.grouping.SdpSettings;
import org.affinityensemble.quarkus.Offload;
import org.jboss.logging.Logger;

/**
 * Groups the tasks of each new affinity version, keeps group ids stable across versions (so that only the
 * groups whose membership changed are retrained), and stores every version. An affinity version that was
 * already grouped (a redelivery) publishes nothing.
 */
@ApplicationScoped
public class GroupingService {

    private static final Logger LOG = Logger.getLogger(GroupingService.class);
    private static final TypeReference<Map<String, List<String>>> GROUPS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> IDS = new TypeReference<>() {
    };

    @Inject
    GroupingVersionRepository versions;

    @Inject
    ClusterSettings settings;

    /**
     * The new grouping, stored as pending publication ({@link GroupingPublisher}), or null when this affinity version
     * was already grouped.
     */
    public Uni<GroupingUpdated> group(AffinityUpdated affinity) {
        return latest(affinity.projectionId()).flatMap(previous -> {
            if (previous != null && previous.affinityVersion >= affinity.affinityVersion()) {
                return Uni.createFrom().nullItem();
            }
            return Offload.blocking(() -> plan(affinity)).flatMap(timed -> store(affinity, previous, timed));
        });
    }

    private record Timed(GroupingPlan plan, double seconds) {
    }

    private Timed plan(AffinityUpdated affinity) {
        long started = System.nanoTime();
        GroupingPlanner planner = new GroupingPlanner(new PlannerSettings(settings.groupCountRule(), settings.seed(),
                SdpSettings.defaults()));
        GroupingPlan plan = planner.plan(affinity.tasks(), affinity.matrix(), settings.groups());
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.infof("grouped %d tasks into %d groups (%s, objective %.3f) in %.2f s", affinity.tasks().size(),
                plan.groupCount(), plan.method(), plan.objective(), seconds);
        return new Timed(plan, seconds);
    }

    @WithTransaction
    Uni<GroupingUpdated> store(AffinityUpdated affinity, GroupingVersion previous, Timed timed) {
        Map<String, Set<String>> previousGroups = new LinkedHashMap<>();
        Set<String> idsEverUsed = new TreeSet<>();
        if (previous != null) {
            read(previous.groupsJson, GROUPS).forEach((id, tasks) -> previousGroups.put(id, new TreeSet<>(tasks)));
            idsEverUsed.addAll(read(previous.idsEverUsedJson, IDS));
        }
        List<Set<String>> next = timed.plan().groups().stream().<Set<String>>map(TreeSet::new).toList();
        IdentifiedGrouping identified = GroupIdentity.assign(previousGroups, next, idsEverUsed);
        idsEverUsed.addAll(identified.groups().keySet());

        GroupingVersion stored = new GroupingVersion();
        stored.projectionId = affinity.projectionId();
        stored.affinityVersion = affinity.affinityVersion();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        identified.groups().forEach((id, tasks) -> groups.put(id, List.copyOf(tasks)));
        stored.groupsJson = write(groups);
        stored.changedJson = write(identified.changed());
        stored.idsEverUsedJson = write(List.copyOf(idsEverUsed));
        stored.objective = timed.plan().objective();
        stored.method = timed.plan().method();
        stored.seconds = timed.seconds();
        stored.createdAt = Instant.now();
        stored.pendingSince = stored.createdAt;
        // Versions count across projections (gradients taken at another start, ADR 0047), so that a grouping of a
        // new projection is newer than every earlier one for the trainer, which keys its builds by version.
        return versions.highestVersion().flatMap(highest -> {
            stored.version = highest + 1;
            return versions.persist(stored);
        }).map(ignored -> eventOf(stored));
    }

    /** The event of a stored version. */
    public static GroupingUpdated eventOf(GroupingVersion version) {
        List<TaskGroup> taskGroups = new ArrayList<>();
        groupsOf(version).forEach((id, tasks) -> taskGroups.add(new TaskGroup(id, tasks)));
        return new GroupingUpdated(version.version, version.affinityVersion, version.projectionId, taskGroups,
                changedOf(version), version.objective, version.method);
    }

    @WithSession
    public Uni<GroupingVersion> latest(String projectionId) {
        return versions.latest(projectionId);
    }

    @WithSession
    public Uni<GroupingVersion> latestOfAll() {
        return versions.latestOfAll();
    }

    public static Map<String, List<String>> groupsOf(GroupingVersion version) {
        return read(version.groupsJson, GROUPS);
    }

    public static List<String> changedOf(GroupingVersion version) {
        return read(version.changedJson, IDS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt stored grouping: " + json, e);
        }
    }

    private static String write(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
