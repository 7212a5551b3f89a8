package org.affinityensemble.model.decoder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates a small byte-level BPE {@code tokenizer.json} (the kind Llama 3 and Qwen2 use) for tiny test models:
 * the 256 byte symbols of GPT-2's byte-to-unicode map, then merges learned greedily (most frequent adjacent pair,
 * ties broken by the pair's text) from a fixed English corpus, then the special tokens. The GPT-2 pre-tokenizer
 * regex splits words with their leading space, so " positive" is one token when merged far enough and several
 * otherwise (both occur, exercising the multi-token label rule). With a {@code bos} token the post-processor
 * prepends it to every sequence (Llama, Mistral); without, nothing is added (Qwen2).
 */
public final class TinyTokenizer {

    /** The GPT-2 pre-tokenization pattern (as in the ByteLevel pre-tokenizer with use_regex). */
    static final Pattern PRE_TOKENIZER = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    /** The corpus merges are learned from: template words, label words and review-like text. */
    static final String CORPUS = String.join("\n",
            "Review: the movie was great and the actors were wonderful. Sentiment: positive",
            "Review: a boring film with a terrible plot. Sentiment: negative",
            "Review: the product works as described and arrived on time. Sentiment: positive",
            "Review: it broke after two days, do not buy it. Sentiment: negative",
            "Message: win a free prize now, click the link! Spam: yes",
            "Message: are we still meeting for lunch tomorrow? Spam: no",
            "Question: is the sky blue on a clear day? Answer: yes",
            "Question: can a fish climb a tree? Answer: no",
            "Topic: the team won the match in the final minute. Category: sports",
            "Topic: the new phone has a faster chip. Category: technology",
            "Topic: the market fell after the report. Category: business",
            "Topic: the minister announced the new law. Category: politics",
            "the the the and and a a of of to to in in is is it it was was for for on on with with",
            "positive positive negative negative sports sports business politics technology yes no");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyTokenizer() {
    }

    /** GPT-2's reversible map from bytes to printable unicode characters. */
    static char[] byteToUnicode() {
        char[] map = new char[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) {
            printable[b] = true;
        }
        for (int b = 0xA1; b <= 0xAC; b++) {
            printable[b] = true;
        }
        for (int b = 0xAE; b <= 0xFF; b++) {
            printable[b] = true;
        }
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            map[b] = printable[b] ? (char) b : (char) (256 + extra++);
        }
        return map;
    }

    /**
     * The tokenizer.json of {@code merges} learned merges; special tokens follow the learned vocabulary. Returns the
     * JSON and, through {@link #size}, the vocabulary size.
     */
    public static byte[] generate(int merges, List<String> specialTokens, String bos) {
        char[] byteMap = byteToUnicode();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(byteMap[b]), b);
        }
        // words as symbol lists with counts, in first-seen order
        Map<String, Integer> wordCounts = new LinkedHashMap<>();
        Matcher matcher = PRE_TOKENIZER.matcher(CORPUS);
        while (matcher.find()) {
            StringBuilder mapped = new StringBuilder();
            for (byte b : matcher.group().getBytes(StandardCharsets.UTF_8)) {
                mapped.append(byteMap[b & 0xFF]);
            }
            wordCounts.merge(mapped.toString(), 1, Integer::sum);
        }
        List<List<String>> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Map.Entry<String, Integer> word : wordCounts.entrySet()) {
            List<String> symbols = new ArrayList<>();
            word.getKey().codePoints().forEach(c -> symbols.add(new String(Character.toChars(c))));
            words.add(symbols);
            counts.add(word.getValue());
        }
        List<String> mergeList = new ArrayList<>();
        for (int m = 0; m < merges; m++) {
            Map<String, Integer> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<String> symbols = words.get(w);
                for (int i = 0; i + 1 < symbols.size(); i++) {
                    pairs.merge(symbols.get(i) + " " + symbols.get(i + 1), counts.get(w), Integer::sum);
                }
            }
            String best = null;
            int bestCount = 0;
            for (Map.Entry<String, Integer> pair : pairs.entrySet()) {
                if (pair.getValue() > bestCount || pair.getValue() == bestCount && pair.getKey().compareTo(best) < 0) {
                    best = pair.getKey();
                    bestCount = pair.getValue();
                }
            }
            if (best == null) {
                break;
            }
            String left = best.substring(0, best.indexOf(' '));
            String right = best.substring(best.indexOf(' ') + 1);
            mergeList.add(best);
            vocab.putIfAbsent(left + right, vocab.size());
            for (List<String> symbols : words) {
                for (int i = 0; i + 1 < symbols.size(); i++) {
                    if (symbols.get(i).equals(left) && symbols.get(i + 1).equals(right)) {
                        symbols.set(i, left + right);
                        symbols.remove(i + 1);
                    }
                }
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : specialTokens) {
            int id = vocab.size();
            vocab.put(special, id);
            ObjectNode token = added.addObject();
            token.put("id", id);
            token.put("content", special);
            token.put("single_word", false);
            token.put("lstrip", false);
            token.put("rstrip", false);
            token.put("normalized", false);
            token.put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "ByteLevel");
        pre.put("add_prefix_space", false);
        pre.put("trim_offsets", true);
        pre.put("use_regex", true);
        if (bos == null) {
            ObjectNode post = root.putObject("post_processor");
            post.put("type", "ByteLevel");
            post.put("add_prefix_space", false);
            post.put("trim_offsets", false);
            post.put("use_regex", false);
        } else {
            if (!vocab.containsKey(bos)) {
                throw new IllegalArgumentException("BOS " + bos + " is not a special token");
            }
            ObjectNode post = root.putObject("post_processor");
            post.put("type", "TemplateProcessing");
            ArrayNode single = post.putArray("single");
            single.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
            single.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            ArrayNode pair = post.putArray("pair");
            pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
            pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
            pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 1);
            pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
            ObjectNode special = post.putObject("special_tokens").putObject(bos);
            special.put("id", bos);
            special.putArray("ids").add(vocab.get(bos));
            special.putArray("tokens").add(bos);
        }
        ObjectNode decoder = root.putObject("decoder");
        decoder.put("type", "ByteLevel");
        decoder.put("add_prefix_space", true);
        decoder.put("trim_offsets", true);
        decoder.put("use_regex", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        ObjectNode vocabNode = model.putObject("vocab");
        vocab.forEach(vocabNode::put);
        for (String special : specialTokens) {
            vocabNode.remove(special);
        }
        ArrayNode mergeNode = model.putArray("merges");
        mergeList.forEach(mergeNode::add);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The number of ids a generated tokenizer.json uses (learned vocabulary plus added tokens). */
    public static int size(byte[] tokenizerJson) throws IOException {
        var root = JSON.readTree(tokenizerJson);
        return root.path("model").path("vocab").size() + root.path("added_tokens").size();
    }
}
