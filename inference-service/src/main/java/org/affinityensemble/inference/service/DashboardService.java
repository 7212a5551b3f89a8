package org.affinityensemble.inference.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.affinityensemble.serving.LoadedEnsemble;

/** The dashboard's data: the pipeline view the topics build, plus the serving ensemble and its last load error. */
@ApplicationScoped
public class DashboardService {

    @Inject
    EnsembleManager ensembles;

    private final PipelineView view = new PipelineView();

    /** The view the event listeners feed. */
    public PipelineView view() {
        return view;
    }

    public DashboardSnapshot snapshot() {
        return view.snapshot(ensembles.serving().map(LoadedEnsemble::manifest).orElse(null),
                ensembles.lastError().orElse(null));
    }
}
