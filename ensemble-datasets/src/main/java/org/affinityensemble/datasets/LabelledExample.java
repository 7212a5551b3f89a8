package org.affinityensemble.datasets;

import java.util.Objects;
import org.affinityensemble.events.Split;

/**
 * One labelled text: the normalised form every task and every user file is converted to.
 *
 * @param id    unique within its task or file, stable across runs (derived from the source, never random)
 * @param text  the input text
 * @param label the label's natural-language name (the classifier embeds it)
 * @param split the split the source defines, or {@code null} where it defines none
 */
public record LabelledExample(String id, String text, String label, Split split) {

    public LabelledExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(label, "label");
    }

    /** The same example in another split. */
    public LabelledExample withSplit(Split newSplit) {
        return new LabelledExample(id, text, label, newSplit);
    }

    /** The same example with another text. */
    public LabelledExample withText(String newText) {
        return new LabelledExample(id, newText, label, split);
    }
}
