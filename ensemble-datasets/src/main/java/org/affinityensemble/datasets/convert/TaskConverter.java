package org.affinityensemble.datasets.convert;

import java.io.IOException;
import java.util.List;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.source.PackageSource;

/**
 * Turns the raw files of one task's packages into labelled examples. The converter owns the mapping from the
 * source's labels to short natural-language label names; cleaning shared by every task (whitespace, length
 * cap, duplicates) happens afterwards in {@link ExampleCleaner}.
 */
public interface TaskConverter {

    /** The packages this task is read from. */
    List<PackageSource> sources();

    /** The label names, in the task's fixed order. */
    List<String> labels();

    /**
     * Reads the examples, in the source's order, with ids unique within the task. Examples carry a split
     * only where the source defines one.
     */
    List<LabelledExample> convert(SourceRoots roots) throws IOException;
}
