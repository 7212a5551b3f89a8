package org.affinityensemble.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.affinityensemble.datasets.LabelledTextFiles.Format;
import org.affinityensemble.events.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledTextFilesTest {

    @TempDir
    Path folder;

    @Test
    void readsJsonLinesAndReportsBadRowsWithTheirLineNumbers() throws IOException {
        Path file = folder.resolve("reviews.jsonl");
        Files.writeString(file, String.join("\n",
                "\uFEFF{\"id\": \"r1\", \"text\": \"Great phone\", \"label\": \"positive\", \"split\": \"train\"}",
                "{\"text\": \"Broke in a week\", \"label\": \"negative\"}",
                "{\"text\": \"no closing brace\"",
                "",
                "{\"text\": \"Fine\"}",
                "{\"id\": \"r1\", \"text\": \"again\", \"label\": \"positive\"}",
                "{\"text\": \"Meh\", \"label\": \"neutral\", \"split\": \"holdout\"}",
                "[1, 2]",
                "{\"id\": 7, \"text\": \"  Numbers as ids  \", \"label\": 3, \"split\": \"dev\"}",
                "{\"text\": {\"nested\": 1}, \"label\": \"x\"}"), StandardCharsets.UTF_8);

        ReadResult result = LabelledTextFiles.read(file);

        assertThat(result.examples()).containsExactly(
                new LabelledExample("r1", "Great phone", "positive", Split.TRAIN),
                new LabelledExample("line-2", "Broke in a week", "negative", null),
                new LabelledExample("7", "Numbers as ids", "3", Split.VALIDATION));
        assertThat(result.problems()).extracting(RowProblem::line).containsExactly(3L, 5L, 6L, 7L, 8L, 10L);
        assertThat(result.problems().get(0).reason()).startsWith("malformed JSON");
        assertThat(result.problems().get(1).toString()).isEqualTo("line 5: label is missing");
        assertThat(result.problems().get(2).reason()).contains("'r1'", "earlier line");
        assertThat(result.problems().get(3).reason()).contains("holdout");
        assertThat(result.problems().get(4).reason()).isEqualTo("not a JSON object");
        assertThat(result.problems().get(5).reason()).contains("'text'");
    }

    @Test
    void readsCsvWithAnyColumnOrderAndMultiLineFields() throws IOException {
        Path file = folder.resolve("mail.CSV");
        Files.writeString(file, String.join("\r\n",
                "Label,Source,TEXT,Split,Id",
                "spam,web,\"WIN a prize, now\",test,m1",
                "ham,web,\"Dear team,",
                "the meeting moved\",,m2",
                "ham,web,,train,m3",
                "spam,web,too few fields",
                "spam,web,\"Cheap \"\"meds\"\"\",validation,m5",
                ""), StandardCharsets.UTF_8);

        ReadResult result = LabelledTextFiles.read(file);

        assertThat(result.examples()).containsExactly(
                new LabelledExample("m1", "WIN a prize, now", "spam", Split.TEST),
                new LabelledExample("m2", "Dear team,\r\nthe meeting moved", "ham", null),
                new LabelledExample("m5", "Cheap \"meds\"", "spam", Split.VALIDATION));
        assertThat(result.problems()).extracting(RowProblem::toString).containsExactly(
                "line 5: text is missing",
                "line 6: the row has 3 fields, the header 5");
    }

    @Test
    void anUnterminatedCsvQuoteSkipsTheRestAndSaysWhere() throws IOException {
        ReadResult result = LabelledTextFiles.read(new StringReader(
                "text,label\nfine,a\n\"never closed,b\nmore,c\n"), Format.CSV);
        assertThat(result.examples()).extracting(LabelledExample::text).containsExactly("fine");
        assertThat(result.problems()).hasSize(1);
        assertThat(result.problems().get(0).line()).isEqualTo(3);
        assertThat(result.problems().get(0).reason()).contains("rest of the file is skipped");
    }

    @Test
    void aCsvWithoutALabelColumnCannotBeRead() {
        assertThatThrownBy(() -> LabelledTextFiles.read(new StringReader("text,category\nx,y\n"), Format.CSV))
                .isInstanceOf(IOException.class).hasMessageContaining("no 'label' column")
                .hasMessageContaining("text, category");
    }

    @Test
    void overlongLabelsAndControlCharactersInIdsAreRejected() throws IOException {
        String longLabel = "l".repeat(101);
        ReadResult result = LabelledTextFiles.read(new StringReader(
                "{\"text\": \"a\", \"label\": \"" + longLabel + "\"}\n"
                        + "{\"id\": \"bad\\u0007id\", \"text\": \"b\", \"label\": \"x\"}\n"), Format.JSON_LINES);
        assertThat(result.examples()).isEmpty();
        assertThat(result.problems()).extracting(RowProblem::reason)
                .containsExactly("label is longer than 100 characters", "sampleId contains control characters");
    }

    @Test
    void theFormatComesFromTheFileName() throws IOException {
        assertThat(Format.of(Path.of("a.jsonl"))).isEqualTo(Format.JSON_LINES);
        assertThat(Format.of(Path.of("a.ndjson"))).isEqualTo(Format.JSON_LINES);
        assertThat(Format.of(Path.of("A.CSV"))).isEqualTo(Format.CSV);
        assertThatThrownBy(() -> Format.of(Path.of("a.xlsx"))).isInstanceOf(IOException.class)
                .hasMessageContaining(".jsonl or .csv");
    }
}
