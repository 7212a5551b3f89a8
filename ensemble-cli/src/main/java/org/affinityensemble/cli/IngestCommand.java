package org.affinityensemble.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.affinityensemble.datasets.LabelledTextFiles;
import org.affinityensemble.datasets.ReadResult;
import org.affinityensemble.datasets.RowProblem;
import org.affinityensemble.devstack.TopicWriter;
import org.affinityensemble.events.Ids;
import org.affinityensemble.events.PromptSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ensemble ingest FILE --dataset ID}: streams a JSON-lines or CSV file into the system. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Stream a JSON-lines or CSV file (fields text, label, optional id and split) into "
                + "ensemble.datasets.",
                "Exits 1 when a record could not be sent (each failure is reported); the dataset is then not sealed."})
final class IngestCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "the file (.jsonl/.json or .csv)")
    Path file;

    @Option(names = "--dataset", required = true, description = "the dataset id (lower case, digits, _ - .)")
    String datasetId;

    @Option(names = "--labels", split = ",", description = "label names in order (default: the file's labels, sorted)")
    List<String> labels;

    @Option(names = "--description", defaultValue = "", description = "a description of the task")
    String description;

    @Option(names = "--template", description = "the prompt for decoder LMs: an instruction with one {text} "
            + "placeholder, ending where the answer begins (default: 'Text: {text}\\nLabel:'); encoders ignore it")
    String template;

    @Option(names = "--label-words", split = ",", description = "one word per label, in label order, that a decoder "
            + "LM answers with (default: the label names); their first tokens must differ")
    List<String> labelWords;

    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--max-text-chars", defaultValue = "20000", description = "longer texts are refused")
    int maxTextChars;

    @Override
    public Integer call() throws Exception {
        Ids.requireDatasetId(datasetId);
        ReadResult read = LabelledTextFiles.read(file);
        Map<String, Integer> problems = new TreeMap<>();
        for (RowProblem problem : read.problems()) {
            problems.merge(problem.reason(), 1, Integer::sum);
        }
        List<String> declared = labels != null ? labels : DatasetIngest.labelsOf(read.examples());
        PromptSpec prompt = template == null && labelWords == null ? null
                : new PromptSpec(template != null ? template : PromptSpec.DEFAULT_TEMPLATE, labelWords);
        try (TopicWriter writer = new TopicWriter(bootstrapServers)) {
            DatasetIngest.Summary summary = new DatasetIngest(writer, maxTextChars)
                    .ingest(datasetId, declared, description, prompt, read.examples(), problems, System.err);
            summary.print(System.out);
            read.problems().stream().limit(10).forEach(problem -> System.out.println("  " + problem));
            return summary.sealed() ? 0 : 1;
        }
    }
}
