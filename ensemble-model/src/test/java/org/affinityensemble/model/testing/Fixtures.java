package org.affinityensemble.model.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The real labelled sentences committed under {@code src/test/resources/fixtures} (see ATTRIBUTION.md there). */
public final class Fixtures {

    /** One labelled sentence: label 0 = negative, 1 = positive. */
    public record Sentence(int label, String text) {
    }

    private Fixtures() {
    }

    /** Sentences of the Amazon excerpt (150, UCI Sentiment Labelled Sentences, CC BY 4.0). */
    public static List<Sentence> amazon() {
        return read("/fixtures/sent_amazon.tsv");
    }

    /** Sentences of the IMDb excerpt (60, same data set). */
    public static List<Sentence> imdb() {
        return read("/fixtures/sent_imdb.tsv");
    }

    public static List<String> texts(List<Sentence> sentences) {
        return sentences.stream().map(Sentence::text).toList();
    }

    private static List<Sentence> read(String resource) {
        try (InputStream in = Fixtures.class.getResourceAsStream(resource);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Sentence> out = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                int tab = line.indexOf('\t');
                out.add(new Sentence(Integer.parseInt(line.substring(0, tab)), line.substring(tab + 1)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
