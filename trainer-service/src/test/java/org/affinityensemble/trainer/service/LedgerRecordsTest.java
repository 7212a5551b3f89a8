package org.affinityensemble.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.affinityensemble.events.TrainingResult;
import org.affinityensemble.storage.EnsembleManifest.AdapterEntry.Kind;
import org.affinityensemble.trainer.entity.MetaAdapter;
import org.affinityensemble.trainer.entity.StoredAdapter;
import org.affinityensemble.trainer.entity.TrainingRun;
import org.junit.jupiter.api.Test;

/** What the ledgers record from a run's result, and the key under which a group adapter is reused. */
class LedgerRecordsTest {

    private static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");

    @Test
    void anAdapterIsReusedOnlyForTheSameTasksRevisionsAndStart() {
        Map<String, Integer> revisions = new TreeMap<>(Map.of("b", 2, "a", 1));
        assertThat(BuildLedger.membershipKey(revisions, null)).isEqualTo("a@1,b@2");
        assertThat(BuildLedger.membershipKey(revisions, "meta-1f")).isEqualTo("a@1,b@2|from=meta-1f");
        assertThat(BuildLedger.membershipKey(Map.of("a", 1, "b", 3), null)).isNotEqualTo("a@1,b@2");
    }

    @Test
    void anAdapterRecordTakesTheResultsPrefixOrTheRunsOwn() {
        TrainingRun run = TrainingRun.pending("v3-g0", 3, "g0", Kind.GROUP, List.of("a"), "a@1", "g0-v3", NOW);
        TrainingResult named = new TrainingResult("v3-g0", "g0", 1, TrainingResult.Status.SUCCEEDED,
                "adapters/g0-v3/", Map.of("train_loss", 0.2), "");
        TrainingResult unnamed = new TrainingResult("v3-g0", "g0", 1, TrainingResult.Status.SUCCEEDED, null,
                Map.of(), "");

        StoredAdapter adapter = AdapterLedger.of(run, named, NOW);
        assertThat(adapter.adapterId).isEqualTo("g0-v3");
        assertThat(adapter.membershipKey).isEqualTo("a@1");
        assertThat(adapter.prefix).isEqualTo("adapters/g0-v3/");
        assertThat(adapter.metrics).containsEntry("train_loss", 0.2);
        assertThat(AdapterLedger.prefixOf(run, unnamed)).isEqualTo("adapters/g0-v3/");
    }

    @Test
    void aMetaAdapterRecordsItsDatasetsAndTrainingExamples() {
        TrainingRun run = TrainingRun.pending("meta-1f", 0, "meta", Kind.META, List.of("a", "b"), "a@1,b@2",
                "meta-1f", NOW);
        TrainingResult result = new TrainingResult("meta-1f", "meta", 1, TrainingResult.Status.SUCCEEDED,
                "adapters/meta-1f/", Map.of("train_examples", 480.0), "");

        MetaAdapter meta = MetaAdapterLedger.of(run, result, 2, true, NOW);
        assertThat(meta.datasets).containsExactly("a@1", "b@2");
        assertThat(meta.trainExamples).isEqualTo(480);
        assertThat(meta.start().adapterId()).isEqualTo("meta-1f");
        assertThat(meta.start().frozenA()).isTrue();
        assertThat(meta.epochs).isEqualTo(2);
    }
}
