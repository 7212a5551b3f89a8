package org.affinityensemble.model.decoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.encoder.TokenBatch;
import org.affinityensemble.model.runtime.DjlRuntime;

/**
 * A decoder's {@code tokenizer.json} run by DJL's native tokenizers library, for prompts: the tokenizer file's own
 * post-processor adds what the model expects before a text (Llama's and Mistral's BOS; nothing for Qwen2); no
 * truncation, no padding by the library. Prompts longer than the maximum length are shortened in their text part,
 * never in the template ({@link #encodePrompt}), because the answer cue sits at the end. A batch is padded on the
 * RIGHT with id 0 and mask 0 ({@link DecoderLm} accepts either side). Thread-safe (the native tokenizer is).
 */
public final class PromptTokenizer implements AutoCloseable {

    private final byte[] tokenizerJson;
    private final HuggingFaceTokenizer tokenizer;

    public PromptTokenizer(byte[] tokenizerJson) {
        DjlRuntime.ensureOffline();
        this.tokenizerJson = tokenizerJson.clone();
        Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false",
                "maxLength", "1000000");
        try {
            this.tokenizer = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tokenizer.json", e);
        }
    }

    public byte[] tokenizerJson() {
        return tokenizerJson.clone();
    }

    /** Token ids of a text, with the tokenizer's special tokens ({@code special}) or without. */
    public long[] encode(String text, boolean special) {
        return tokenizer.encode(text, special, false).getIds();
    }

    /**
     * The ids of {@code template} rendered with {@code text}, at most {@code maxLength} tokens: when too long, the
     * text is cut at a token boundary (its own tokenization's character spans) until the prompt fits.
     */
    public long[] encodePrompt(PromptTemplate template, String text, int maxLength) {
        long[] ids = encode(template.render(text), true);
        if (ids.length <= maxLength) {
            return ids;
        }
        Encoding alone = tokenizer.encode(text, false, false);
        CharSpan[] spans = alone.getCharTokenSpans();
        int keep = spans.length - (ids.length - maxLength);
        while (keep > 0) {
            int end = spans[keep - 1] == null ? 0 : spans[keep - 1].getEnd();
            ids = encode(template.render(text.substring(0, Math.min(end, text.length()))), true);
            if (ids.length <= maxLength) {
                return ids;
            }
            keep -= ids.length - maxLength;
        }
        ids = encode(template.render(""), true);
        if (ids.length > maxLength) {
            throw new IllegalArgumentException("the template alone needs " + ids.length + " tokens, more than "
                    + maxLength);
        }
        return ids;
    }

    /** Right-pads rows of ids into a batch (id 0, mask 0 after each row's tokens). */
    public static TokenBatch rightPadded(List<long[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no prompts to batch");
        }
        int length = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        long[] ids = new long[rows.size() * length];
        long[] mask = new long[ids.length];
        for (int n = 0; n < rows.size(); n++) {
            long[] row = rows.get(n);
            if (row.length == 0) {
                throw new IllegalArgumentException("prompt " + n + " has no tokens");
            }
            System.arraycopy(row, 0, ids, n * length, row.length);
            Arrays.fill(mask, n * length, n * length + row.length, 1L);
        }
        return new TokenBatch(rows.size(), length, ids, mask);
    }

    /** Left-pads rows of ids into a batch (id 0, mask 0 before each row's tokens). */
    public static TokenBatch leftPadded(List<long[]> rows) {
        int length = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        long[] ids = new long[rows.size() * length];
        long[] mask = new long[ids.length];
        for (int n = 0; n < rows.size(); n++) {
            long[] row = rows.get(n);
            int start = n * length + length - row.length;
            System.arraycopy(row, 0, ids, start, row.length);
            Arrays.fill(mask, start, (n + 1) * length, 1L);
        }
        return new TokenBatch(rows.size(), length, ids, mask);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
