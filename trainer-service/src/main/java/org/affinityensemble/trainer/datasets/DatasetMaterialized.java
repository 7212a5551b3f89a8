package org.affinityensemble.trainer.datasets;

/**
 * A CDI event: a dataset revision was materialised and announced ready. The gradient dispatcher observes it, so the
 * registry needs to know nothing of what follows.
 */
public record DatasetMaterialized(String datasetId, int revision) {
}
