package org.affinityensemble.datasets;

import java.util.List;

/** What {@link LabelledTextFiles} read: the good rows, in file order, and the rows it skipped and why. */
public record ReadResult(List<LabelledExample> examples, List<RowProblem> problems) {

    public ReadResult {
        examples = List.copyOf(examples);
        problems = List.copyOf(problems);
    }
}
