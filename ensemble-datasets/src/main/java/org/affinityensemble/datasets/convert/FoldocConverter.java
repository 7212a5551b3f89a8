package org.affinityensemble.datasets.convert;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.affinityensemble.datasets.LabelledExample;
import org.affinityensemble.datasets.source.DebianPackage;
import org.affinityensemble.datasets.source.PackageSource;

/**
 * The Free On-line Dictionary of Computing from the Debian package {@code dict-foldoc} (dictd format, read
 * through its index: {@link DictdDictionary}). An entry is its headword line(s), a blank line, then the body;
 * the body's first {@code <tag>} names the domain (its first comma-separated part). The twelve largest
 * domains are kept, named in words ({@code language} is "programming language", {@code tool} "software
 * tool"); entries of other domains, and entries without a tag (cross-references), are dropped.
 *
 * <p>Text: {@code "headword: body"} with the domain tag removed, cross-reference braces dropped
 * ({@code {C Shell}} becomes "C Shell", {@code {Documentation (https://...)}} becomes "Documentation"),
 * stray braces of unbalanced links removed, and the closing date ({@code (1996-04-09)}) and bracketed
 * editorial paragraphs ({@code [{Jargon File}]}, {@code [Details?]}) removed: the source note names a
 * domain outright. Ids are
 * the first headword (with {@code #2}, {@code #3} ... where a headword repeats).
 */
public final class FoldocConverter implements TaskConverter {

    public static final DebianPackage DICT_FOLDOC = new DebianPackage("dict-foldoc", "20230119-1");
    private static final String INDEX = "usr/share/dictd/foldoc.index";
    private static final String DICTIONARY = "usr/share/dictd/foldoc.dict.dz";

    private static final Map<String, String> LABEL_BY_DOMAIN = domainLabels();

    private static final Pattern LEADING_TAG = Pattern.compile("^\\s*<([^<>\\n]+)>\\s*");
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t]*\\n");
    private static final Pattern DATE = Pattern.compile("\\(\\d{4}-\\d{2}-\\d{2}\\)");
    private static final Pattern EDITORIAL = Pattern.compile("(?s)\\[.*]");
    private static final Pattern LINK_WITH_ADDRESS = Pattern.compile("\\{([^{}]*?)\\s*\\(([^()\\s]*)\\)}");
    private static final Pattern LINK = Pattern.compile("\\{([^{}]*)}");
    private static final Pattern STRAY_BRACE = Pattern.compile("[{}]");
    private static final Pattern TRAILING_DATE = Pattern.compile("\\s*\\(\\d{4}-\\d{2}-\\d{2}\\)\\.?\\s*$");

    private static Map<String, String> domainLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("language", "programming language");
        labels.put("networking", "networking");
        labels.put("programming", "programming");
        labels.put("jargon", "jargon");
        labels.put("operating system", "operating system");
        labels.put("hardware", "hardware");
        labels.put("communications", "communications");
        labels.put("company", "company");
        labels.put("mathematics", "mathematics");
        labels.put("storage", "storage");
        labels.put("tool", "software tool");
        labels.put("database", "database");
        return labels;
    }

    @Override
    public List<PackageSource> sources() {
        return List.of(DICT_FOLDOC);
    }

    @Override
    public List<String> labels() {
        return List.copyOf(LABEL_BY_DOMAIN.values());
    }

    @Override
    public List<LabelledExample> convert(SourceRoots roots) throws IOException {
        Path root = roots.root(DICT_FOLDOC);
        List<LabelledExample> examples = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String entry : DictdDictionary.entries(root.resolve(INDEX), root.resolve(DICTIONARY))) {
            String[] headAndBody = PARAGRAPH_BREAK.split(entry, 2);
            if (headAndBody.length < 2) {
                continue;
            }
            Matcher tag = LEADING_TAG.matcher(headAndBody[1]);
            if (!tag.find()) {
                continue;
            }
            String label = LABEL_BY_DOMAIN.get(tag.group(1).split(",")[0].strip());
            if (label == null) {
                continue;
            }
            List<String> headwords = headAndBody[0].strip().lines().map(String::strip).toList();
            String text = withoutBraces(String.join(", ", headwords)) + ": "
                    + cleanBody(headAndBody[1].substring(tag.end()));
            examples.add(new LabelledExample(uniqueId(headwords.get(0), ids), text, label, null));
        }
        return examples;
    }

    /** The body without its date and editorial paragraphs and without link braces. */
    static String cleanBody(String body) {
        List<String> kept = new ArrayList<>();
        for (String paragraph : PARAGRAPH_BREAK.split(body)) {
            String trimmed = paragraph.strip();
            if (!trimmed.isEmpty() && !DATE.matcher(trimmed).matches() && !EDITORIAL.matcher(trimmed).matches()) {
                kept.add(trimmed);
            }
        }
        String text = TRAILING_DATE.matcher(String.join("\n\n", kept)).replaceAll("");
        text = LINK_WITH_ADDRESS.matcher(text).replaceAll("$1");
        return withoutBraces(LINK.matcher(text).replaceAll("$1"));
    }

    private static String withoutBraces(String text) {
        return STRAY_BRACE.matcher(text).replaceAll("");
    }

    private static String uniqueId(String headword, Set<String> taken) {
        String id = headword;
        for (int n = 2; !taken.add(id); n++) {
            id = headword + "#" + n;
        }
        return id;
    }
}
