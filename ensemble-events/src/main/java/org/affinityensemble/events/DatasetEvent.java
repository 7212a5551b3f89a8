package org.affinityensemble.events;

/**
 * What a producer streams into {@link Topics#DATASETS}, keyed by dataset id: one {@link DatasetDeclared},
 * then its {@link SampleRecord}s, then one {@link DatasetSealed}.
 */
public sealed interface DatasetEvent extends Event permits DatasetDeclared, SampleRecord, DatasetSealed {

    String datasetId();
}
