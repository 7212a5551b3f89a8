package org.affinityensemble.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.affinityensemble.events.DatasetDeclared;
import org.affinityensemble.events.Ids;
import org.affinityensemble.events.InvalidEventException;
import org.affinityensemble.events.Split;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a user's labelled texts from a JSON-lines file (one object a line with {@code text}, {@code label},
 * optional {@code id}, optional {@code split}) or a CSV file (a header row naming those columns, in any order
 * and case; other columns are ignored). Files are UTF-8; a byte-order mark is skipped.
 *
 * <p>A bad row (malformed JSON, no text, no label, a label over {@value DatasetDeclared#MAX_LABEL_LENGTH}
 * characters, an unusable id, an unknown split, a repeated id) is reported with its line number and skipped;
 * it never stops the read. A row without an id gets {@code line-N}, N being its first line. Only a file that
 * cannot be read at all (unknown format, CSV without a text or label column, not UTF-8) throws.
 */
public final class LabelledTextFiles {

    /** The two formats understood. */
    public enum Format {
        JSON_LINES, CSV;

        /** The format a file name implies: {@code .jsonl}, {@code .ndjson}, {@code .json} or {@code .csv}. */
        public static Format of(Path file) throws IOException {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
                return JSON_LINES;
            }
            if (name.endsWith(".csv")) {
                return CSV;
            }
            throw new IOException(file + ": cannot tell the format from the name; use .jsonl or .csv");
        }
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private LabelledTextFiles() {
    }

    /** Reads a file in the format its name implies. */
    public static ReadResult read(Path file) throws IOException {
        return read(file, Format.of(file));
    }

    /** Reads a file in the given format. */
    public static ReadResult read(Path file, Format format) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(reader, format);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads from a reader in the given format. */
    public static ReadResult read(Reader reader, Format format) throws IOException {
        BufferedReader buffered = skipByteOrderMark(reader);
        Rows rows = new Rows();
        switch (format) {
            case JSON_LINES -> readJsonLines(buffered, rows);
            case CSV -> readCsv(buffered, rows);
        }
        return new ReadResult(rows.examples, rows.problems);
    }

    private static void readJsonLines(BufferedReader reader, Rows rows) throws IOException {
        long lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                rows.problem(lineNumber, "malformed JSON: " + e.getOriginalMessage());
                continue;
            }
            if (node == null || !node.isObject()) {
                rows.problem(lineNumber, "not a JSON object");
                continue;
            }
            try {
                rows.add(lineNumber, scalar(node, "id"), scalar(node, "text"), scalar(node, "label"),
                        scalar(node, "split"));
            } catch (IllegalArgumentException e) {
                rows.problem(lineNumber, e.getMessage());
            }
        }
    }

    private static String scalar(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException("'" + field + "' is not a string");
        }
        return value.asText();
    }

    private static void readCsv(BufferedReader reader, Rows rows) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder()
                .setHeader()
                .setSkipHeaderRecord(true)
                .setIgnoreHeaderCase(true)
                .setIgnoreEmptyLines(true)
                .get();
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            Map<String, Integer> columns = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            columns.putAll(parser.getHeaderMap());
            for (String required : List.of("text", "label")) {
                if (!columns.containsKey(required)) {
                    throw new IOException("the CSV header has no '" + required + "' column (columns: "
                            + String.join(", ", parser.getHeaderNames()) + ")");
                }
            }
            long lastLine = parser.getCurrentLineNumber();
            Iterator<CSVRecord> records = parser.iterator();
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    rows.problem(lastLine + 1, "malformed CSV, the rest of the file is skipped: " + e.getMessage());
                    break;
                }
                long line = lastLine + 1;
                lastLine = parser.getCurrentLineNumber();
                if (record.size() != parser.getHeaderNames().size()) {
                    rows.problem(line, "the row has " + record.size() + " fields, the header "
                            + parser.getHeaderNames().size());
                    continue;
                }
                rows.add(line, field(record, columns, "id"), field(record, columns, "text"),
                        field(record, columns, "label"), field(record, columns, "split"));
            }
        }
    }

    private static String field(CSVRecord record, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        return index == null ? null : record.get(index);
    }

    private static BufferedReader skipByteOrderMark(Reader reader) throws IOException {
        BufferedReader buffered = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        buffered.mark(1);
        if (buffered.read() != BYTE_ORDER_MARK) {
            buffered.reset();
        }
        return buffered;
    }

    /** The rows read so far and the checks every row goes through. */
    private static final class Rows {
        private final List<LabelledExample> examples = new ArrayList<>();
        private final List<RowProblem> problems = new ArrayList<>();
        private final Set<String> ids = new HashSet<>();

        void problem(long line, String reason) {
            problems.add(new RowProblem(line, reason));
        }

        void add(long line, String id, String text, String label, String split) {
            String reason = check(id, text, label);
            Split parsedSplit = null;
            if (reason == null) {
                try {
                    parsedSplit = Split.fromWire(split);
                } catch (InvalidEventException e) {
                    reason = e.getMessage();
                }
            }
            String sampleId = id == null || id.isBlank() ? "line-" + line : id.strip();
            if (reason == null && !ids.add(sampleId)) {
                reason = "id '" + sampleId + "' appears on an earlier line";
            }
            if (reason != null) {
                problem(line, reason);
                return;
            }
            examples.add(new LabelledExample(sampleId, text.strip(), label.strip(), parsedSplit));
        }

        private static String check(String id, String text, String label) {
            if (text == null || text.isBlank()) {
                return "text is missing";
            }
            if (label == null || label.isBlank()) {
                return "label is missing";
            }
            if (label.strip().length() > DatasetDeclared.MAX_LABEL_LENGTH) {
                return "label is longer than " + DatasetDeclared.MAX_LABEL_LENGTH + " characters";
            }
            if (id != null && !id.isBlank()) {
                try {
                    Ids.requireSampleId(id.strip());
                } catch (InvalidEventException e) {
                    return e.getMessage();
                }
            }
            return null;
        }
    }
}
