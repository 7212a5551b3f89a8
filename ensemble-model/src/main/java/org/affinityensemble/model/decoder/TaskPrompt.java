package org.affinityensemble.model.decoder;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a task is put to a decoder: its template and one label word per label (label index order), and the vocabulary
 * id each label word is scored by.
 *
 * <p>Label token rule: a word's tokens are those that {@code probe + separator + word} adds after the tokens of
 * {@code probe}, where probe is the template rendered with a fixed text (so the word is tokenized as it continues
 * the answer cue: with its leading space for byte-level BPE, with its ▁ for SentencePiece). A label is scored by the
 * FIRST of those tokens; the first tokens of a task's labels must be distinct (else the task is rejected: choose
 * other words). Multi-token words are therefore scored by their first token only, which is what their probability
 * at the answer position is about; the rest of the word is never generated. Where the first tokens coincide because
 * the separator is a token of its own before the words (a small vocabulary without merges of a space and the words'
 * first letters, where " A" and " B" both start with the bare space), the separator becomes the end of the prompt
 * and each word is scored by the first token it has on its own, what the model writes after that separator.
 */
public record TaskPrompt(String taskId, PromptTemplate template, List<String> labelWords, long[] labelTokens) {

    /** The fixed text the template is rendered with to tokenize label words in context. */
    static final String PROBE_TEXT = "text";

    public TaskPrompt {
        labelWords = List.copyOf(labelWords);
        if (labelWords.size() < 2 || labelTokens.length != labelWords.size()) {
            throw new IllegalArgumentException("a task needs at least two label words, one token each");
        }
        labelTokens = labelTokens.clone();
    }

    /** Derives the label tokens with {@code tokenizer} by the rule above. */
    public static TaskPrompt of(String taskId, PromptTemplate template, List<String> labelWords,
            PromptTokenizer tokenizer) {
        String probe = template.render(PROBE_TEXT);
        long[] prefix = tokenizer.encode(probe, false);
        long[] tokens = new long[labelWords.size()];
        for (int l = 0; l < labelWords.size(); l++) {
            String word = labelWords.get(l);
            if (word == null || word.isBlank()) {
                throw new IllegalArgumentException("task " + taskId + ": label word " + l + " is empty");
            }
            long[] full = tokenizer.encode(probe + template.answerSeparator() + word, false);
            if (full.length <= prefix.length || !Arrays.equals(Arrays.copyOf(full, prefix.length), prefix)) {
                throw new IllegalArgumentException("task " + taskId + ": label word '" + word + "' does not "
                        + "tokenize as a continuation of the prompt (the prompt's tokens change when it is appended)");
            }
            tokens[l] = full[prefix.length];
        }
        String repeated = repeated(labelWords, tokens);
        if (repeated == null) {
            return new TaskPrompt(taskId, template, labelWords, tokens);
        }
        if (separatorIsOwnToken(template, tokenizer, probe, prefix)) {
            // e.g. " A" and " B" both start with the bare space token: the prompt ends with it, and each word is
            // scored by the first token it has on its own, which is what the model writes after that space
            long[] own = new long[labelWords.size()];
            for (int l = 0; l < labelWords.size(); l++) {
                own[l] = tokenizer.encode(labelWords.get(l), false)[0];
            }
            if (repeated(labelWords, own) == null) {
                return new TaskPrompt(taskId, new PromptTemplate(template.pattern() + template.answerSeparator(), ""),
                        labelWords, own);
            }
        }
        throw new IllegalArgumentException("task " + taskId + ": label words " + labelWords
                + " do not start with distinct tokens (" + repeated + ")");
    }

    /** The first label whose token repeats an earlier one's, described; null if all differ. */
    private static String repeated(List<String> labelWords, long[] tokens) {
        Set<Long> seen = new HashSet<>();
        for (int l = 0; l < tokens.length; l++) {
            if (!seen.add(tokens[l])) {
                return "label '" + labelWords.get(l) + "' repeats token " + tokens[l];
            }
        }
        return null;
    }

    /** Whether the answer separator, appended to the prompt, tokenizes as one token of its own. */
    private static boolean separatorIsOwnToken(PromptTemplate template, PromptTokenizer tokenizer, String probe,
            long[] prefix) {
        if (template.answerSeparator().isEmpty()) {
            return false;
        }
        long[] withSeparator = tokenizer.encode(probe + template.answerSeparator(), false);
        return withSeparator.length == prefix.length + 1
                && Arrays.equals(Arrays.copyOf(withSeparator, prefix.length), prefix);
    }

    public int labelCount() {
        return labelWords.size();
    }

    @Override
    public long[] labelTokens() {
        return labelTokens.clone();
    }

    long labelToken(int label) {
        return labelTokens[label];
    }
}
