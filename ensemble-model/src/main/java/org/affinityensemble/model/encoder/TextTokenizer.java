package org.affinityensemble.model.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Hugging Face {@code tokenizer.json} run by DJL's native tokenizers library: adds the special tokens
 * ([CLS] ... [SEP] for BERT), truncates each text to a maximum length and pads a batch to its longest row (the
 * tokenizer file's own padding and truncation settings are overridden). Thread-safe: one native tokenizer per
 * maximum length, created on first use and shared.
 */
public final class TextTokenizer implements AutoCloseable {

    private final byte[] tokenizerJson;
    private final Map<Integer, HuggingFaceTokenizer> byMaxLength = new ConcurrentHashMap<>();

    public TextTokenizer(byte[] tokenizerJson) {
        this.tokenizerJson = tokenizerJson.clone();
        tokenizer(8);
    }

    /** The {@code tokenizer.json} this tokenizer was built from (for writing a model directory). */
    public byte[] tokenizerJson() {
        return tokenizerJson.clone();
    }

    /** Tokenizes texts, each truncated to {@code maxLength} tokens including the special tokens. */
    public TokenBatch encode(List<String> texts, int maxLength) {
        if (texts.isEmpty()) {
            throw new IllegalArgumentException("no texts to tokenize");
        }
        Encoding[] encodings = tokenizer(maxLength).batchEncode(texts);
        int length = 0;
        for (Encoding encoding : encodings) {
            length = Math.max(length, encoding.getIds().length);
        }
        long[] ids = new long[encodings.length * length];
        long[] mask = new long[ids.length];
        for (int row = 0; row < encodings.length; row++) {
            long[] rowIds = encodings[row].getIds();
            long[] rowMask = encodings[row].getAttentionMask();
            System.arraycopy(rowIds, 0, ids, row * length, rowIds.length);
            System.arraycopy(rowMask, 0, mask, row * length, rowMask.length);
        }
        return new TokenBatch(encodings.length, length, ids, mask);
    }

    private HuggingFaceTokenizer tokenizer(int maxLength) {
        if (maxLength < 3) {
            throw new IllegalArgumentException("maxLength must leave room for the special tokens");
        }
        return byMaxLength.computeIfAbsent(maxLength, length -> {
            Map<String, String> options = Map.of("addSpecialTokens", "true", "truncation", "true",
                    "padding", "false", "maxLength", Integer.toString(length));
            try {
                return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson), options);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read tokenizer.json", e);
            }
        });
    }

    @Override
    public void close() {
        byMaxLength.values().forEach(HuggingFaceTokenizer::close);
        byMaxLength.clear();
    }
}
