package org.affinityensemble.events;

import java.util.List;

/**
 * How a dataset is put to a decoder LM (issue #23): an instruction {@code template} with exactly one {@code {text}}
 * placeholder, ending where the answer begins (e.g. {@code "Review: {text}\nSentiment:"}), and one label word per
 * label in label order (e.g. {@code ["negative", "positive"]}); a label is scored by its word's first token after
 * the template (docs/decoders.md). Optional in a dataset's declaration: without it a decoder uses
 * {@link #DEFAULT_TEMPLATE} and the label names as label words. Encoders ignore it.
 */
public record PromptSpec(String template, List<String> labelWords) {

    public static final String PLACEHOLDER = "{text}";
    /** The template of a dataset that declares none. */
    public static final String DEFAULT_TEMPLATE = "Text: {text}\nLabel:";
    public static final int MAX_TEMPLATE_LENGTH = 2000;

    public PromptSpec {
        InvalidEventException.require(template != null && template.length() <= MAX_TEMPLATE_LENGTH,
                "a prompt template is needed, at most " + MAX_TEMPLATE_LENGTH + " characters");
        int at = template.indexOf(PLACEHOLDER);
        InvalidEventException.require(at >= 0 && at == template.lastIndexOf(PLACEHOLDER),
                "a prompt template needs exactly one " + PLACEHOLDER + " placeholder");
        if (labelWords != null) {
            InvalidEventException.require(labelWords.stream().allMatch(w -> w != null && !w.isBlank()
                    && w.length() <= DatasetDeclared.MAX_LABEL_LENGTH), "label words must be non-empty and at most "
                    + DatasetDeclared.MAX_LABEL_LENGTH + " characters");
            labelWords = List.copyOf(labelWords);
        }
    }

    /** The prompt of a dataset that declares none. */
    public static PromptSpec defaults() {
        return new PromptSpec(DEFAULT_TEMPLATE, null);
    }

    /** The label words for a dataset with these labels: the declared words, else the label names. */
    public List<String> labelWordsFor(List<String> labels) {
        if (labelWords == null) {
            return List.copyOf(labels);
        }
        InvalidEventException.require(labelWords.size() == labels.size(),
                labelWords.size() + " label words for " + labels.size() + " labels");
        return labelWords;
    }

    /** Checks that the prompt fits a dataset with these labels. */
    public void requireFits(List<String> labels) {
        labelWordsFor(labels);
    }
}
