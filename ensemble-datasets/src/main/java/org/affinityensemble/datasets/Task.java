package org.affinityensemble.datasets;

import java.util.List;
import org.affinityensemble.datasets.source.PackageSource;

/**
 * One benchmark task: what it asks, its label names in their fixed order, where its raw data comes from,
 * under which licence, and how its examples are split.
 *
 * @param id          the task (dataset) id, e.g. {@code sent_amazon}
 * @param description one sentence saying what is classified
 * @param labels      the label names, short natural language (the classifier embeds them)
 * @param sources     the registry packages the task is converted from, pinned to versions
 * @param licence     the data's licence terms
 * @param attribution whom to credit
 * @param splitRule   where the split comes from: the source, or none (the consumer splits with
 *                    {@link StratifiedSplit})
 */
public record Task(String id, String description, List<String> labels, List<PackageSource> sources,
        String licence, String attribution, String splitRule) {

    public Task {
        labels = List.copyOf(labels);
        sources = List.copyOf(sources);
    }
}
