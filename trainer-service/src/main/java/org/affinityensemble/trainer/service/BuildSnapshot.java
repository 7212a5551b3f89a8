package org.affinityensemble.trainer.service;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.affinityensemble.trainer.entity.EnsembleBuild;
import org.affinityensemble.trainer.entity.TrainingRun;

/** A build with the runs it references, read in one session (detached: change it only through the ledger). */
public record BuildSnapshot(EnsembleBuild build, Map<String, TrainingRun> runs) {

    /** The runs of the build's groups (groups that keep an earlier adapter have none). */
    public List<TrainingRun> groupRuns() {
        return build.groups.stream().map(group -> runs.get(group.runId())).filter(Objects::nonNull)
                .toList();
    }

    public List<TrainingRun> boostRuns() {
        return build.boostRuns.stream().map(runs::get).filter(Objects::nonNull).toList();
    }
}
