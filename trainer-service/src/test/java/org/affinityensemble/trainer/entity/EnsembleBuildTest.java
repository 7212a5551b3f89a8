package org.affinityensemble.trainer.entity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of a build's life: open builds train and boost, then become READY once and PUBLISHED once. */
class EnsembleBuildTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    private static EnsembleBuild build() {
        EnsembleBuild build = EnsembleBuild.training(4, 7, "p1", NOW);
        build.groups = List.of(new BuildGroup("g0", List.of("a"), "v4-g0", "g0-v4"),
                new BuildGroup("g1", List.of("b"), null, "g1-v2"));
        return build;
    }

    @Test
    void aBuildUsesItsGroupsRunsAndItsBoostingRuns() {
        EnsembleBuild build = build();
        assertThat(build.runIds()).containsExactlyInAnyOrder("v4-g0");
        assertThat(build.addBoostRun("v4-boost1")).isTrue();
        assertThat(build.addBoostRun("v4-boost1")).as("added once").isFalse();
        assertThat(build.state).isEqualTo(EnsembleBuild.State.BOOSTING);
        assertThat(build.runIds()).containsExactlyInAnyOrder("v4-g0", "v4-boost1");
    }

    @Test
    void readyThenPublishedOnceAndNeverFromAClosedBuild() {
        EnsembleBuild build = build();
        assertThat(build.markPublished(NOW)).as("not ready yet").isFalse();
        assertThat(build.markReady("ensembles/m/v1/manifest.json", Map.of(), List.of(), NOW)).isTrue();
        assertThat(build.markReady("other", Map.of(), List.of(), NOW)).isFalse();
        assertThat(build.manifestKey).isEqualTo("ensembles/m/v1/manifest.json");
        assertThat(build.fail("late")).as("a ready build does not fail").isFalse();
        assertThat(build.addBoostRun("v4-boost1")).isFalse();
        assertThat(build.markPublished(NOW)).isTrue();
        assertThat(build.markPublished(NOW)).isFalse();
        assertThat(build.state).isEqualTo(EnsembleBuild.State.PUBLISHED);
    }

    @Test
    void aFailedBuildKeepsItsReason() {
        EnsembleBuild build = build();
        assertThat(build.fail("run v4-g0 failed: oom")).isTrue();
        assertThat(build.state).isEqualTo(EnsembleBuild.State.FAILED);
        assertThat(build.failure).isEqualTo("run v4-g0 failed: oom");
        assertThat(build.markReady("k", Map.of(), List.of(), NOW)).isFalse();
    }
}
