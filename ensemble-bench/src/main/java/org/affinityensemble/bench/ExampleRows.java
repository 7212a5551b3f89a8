package org.affinityensemble.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.classify.LabelledText;

/** The row of each benchmark example in tables kept in example order, looked up by its text. Immutable. */
final class ExampleRows {

    private final Map<LabelledText, Integer> rowOf;
    private final int size;

    /** Row i is {@code texts.get(i)}'s. */
    ExampleRows(List<LabelledText> texts) {
        this.rowOf = new HashMap<>();
        for (int i = 0; i < texts.size(); i++) {
            rowOf.put(texts.get(i), i);
        }
        this.size = texts.size();
    }

    /** How many rows there are. */
    int size() {
        return size;
    }

    /**
     * The row of {@code text}.
     *
     * @throws IllegalArgumentException if it is not one of the examples
     */
    int row(LabelledText text) {
        Integer row = rowOf.get(text);
        if (row == null) {
            throw new IllegalArgumentException("no row for an example of " + text.taskId());
        }
        return row;
    }

    /** The rows of {@code texts}, in their order. */
    int[] rows(List<LabelledText> texts) {
        return texts.stream().mapToInt(this::row).toArray();
    }
}
