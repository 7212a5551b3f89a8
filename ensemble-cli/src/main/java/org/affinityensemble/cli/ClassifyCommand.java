package org.affinityensemble.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.affinityensemble.devstack.ApiKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ensemble classify --task ID "text" ...}: asks the served ensemble ({@code POST /v1/classify}). */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Classify texts with the served ensemble (the inference-service of bin/ensemble up); sends the "
                + "API key of bin/ensemble up, or ENSEMBLE_API_KEY.")
final class ClassifyCommand implements Callable<Integer> {

    @Option(names = "--task", required = true, description = "the task (dataset id) whose labels to predict")
    String task;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "one or more texts")
    List<String> texts = new ArrayList<>();

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080",
            description = "the inference-service (default: ${DEFAULT-VALUE})")
    String url;

    @Option(names = "--mode", description = "output (weighted sum of the adapters' logits) or merged; default: the service's")
    String mode;

    @Option(names = "--explain", description = "also print each adapter's weight and probabilities")
    boolean explain;

    @Option(names = "--api-key-file", description = "the file holding the API key (default: ENSEMBLE_API_KEY, else "
            + "the key bin/ensemble up created)")
    java.nio.file.Path apiKeyFile;

    @Override
    public Integer call() {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("task", task);
        request.put("texts", texts);
        if (mode != null) {
            request.put("mode", mode);
        }
        request.put("explain", explain);
        HttpJson.Response response = new HttpJson(apiKey()).post(url.replaceAll("/$", "") + "/v1/classify", request);
        if (!response.ok()) {
            String detail = response.body() != null && response.body().has("detail")
                    ? response.body().get("detail").asText() : response.text();
            System.err.printf("classify failed (HTTP %d): %s%n", response.status(), detail);
            return 1;
        }
        JsonNode body = response.body();
        System.out.printf("task %s, ensemble v%d, %s mode%n", body.get("task").asText(),
                body.get("ensembleVersion").asLong(), body.get("mode").asText());
        JsonNode predictions = body.get("predictions");
        for (int i = 0; i < predictions.size(); i++) {
            JsonNode prediction = predictions.get(i);
            System.out.printf("%s\t%s\t%s%n", prediction.get("label").asText(),
                    probabilities(prediction.get("probabilities")), abbreviate(texts.get(i)));
            if (explain && prediction.has("contributions")) {
                for (JsonNode contribution : prediction.get("contributions")) {
                    System.out.printf("    %-16s weight %.3f  %s%n", contribution.get("adapterId").asText(),
                            contribution.get("weight").asDouble(), probabilities(contribution.get("probabilities")));
                }
            }
        }
        return 0;
    }

    private String apiKey() {
        return apiKeyFile != null ? ApiKeys.read(apiKeyFile) : ApiKeys.forClient(EnsembleHome.dataDir());
    }

    private static String probabilities(JsonNode probabilities) {
        List<String> parts = new ArrayList<>();
        probabilities.fields().forEachRemaining(e -> parts.add(String.format("%s=%.3f", e.getKey(),
                e.getValue().asDouble())));
        return String.join(" ", parts);
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
