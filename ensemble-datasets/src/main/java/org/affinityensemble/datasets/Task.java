package org.affinityensemble.datasets;

import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.datasets.source.PackageSource;
import org.affinityensemble.events.PromptSpec;

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

    /** The template of the catalog tasks' prompts for decoder LMs. */
    public static final String PROMPT_TEMPLATE = "Text: {text}\nAnswer:";

    public Task {
        labels = List.copyOf(labels);
        sources = List.copyOf(sources);
    }

    /**
     * The prompt a decoder LM is given this task with: {@link #PROMPT_TEMPLATE}, and the letters A, B, C, … as label
     * words in label order. Letters are one token each in every byte-level BPE and SentencePiece vocabulary, so the
     * label tokens are distinct whatever the tokenizer (the label names are not: "programming" and "programming
     * language" share their first token, and a small vocabulary splits most names into letters); the mapping from
     * letters to labels is learnt in fine-tuning. Encoders ignore it (they embed the label names).
     */
    public PromptSpec prompt() {
        if (labels.size() > 26) {
            throw new IllegalStateException("task " + id + " has more labels than letters");
        }
        List<String> letters = new ArrayList<>(labels.size());
        for (int l = 0; l < labels.size(); l++) {
            letters.add(String.valueOf((char) ('A' + l)));
        }
        return new PromptSpec(PROMPT_TEMPLATE, letters);
    }
}
