package org.affinityensemble.trainer.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes {@code ValidatingAdmissionPolicy} read from its YAML and evaluated as the API server would, for one
 * admission request, on CEL's Java implementation (no API server runs here): the match conditions decide whether it
 * applies; then its variables are bound in order and every validation runs. With {@code failurePolicy: Fail}, a rule
 * whose evaluation fails (a missing field, a missing parameter) denies as a false one does. Covers the parts of the
 * policy language the project's policies use: {@code object}, {@code request}, {@code params}, {@code variables},
 * {@code message} and {@code messageExpression}.
 */
final class AdmissionPolicy {

    private record Rule(String name, CelRuntime.Program program, String message, CelRuntime.Program messageProgram) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN).addVar("request", SimpleType.DYN)
            .addVar("params", SimpleType.DYN).addVar("variables", SimpleType.DYN).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    private final boolean failClosed;
    private final List<Rule> matchConditions = new ArrayList<>();
    private final List<Rule> variables = new ArrayList<>();
    private final List<Rule> validations = new ArrayList<>();

    private AdmissionPolicy(JsonNode spec) {
        failClosed = !spec.path("failurePolicy").asText("Fail").equals("Ignore");
        spec.path("matchConditions").forEach(c -> matchConditions.add(rule(c.get("name").asText(), c, "expression")));
        spec.path("variables").forEach(v -> variables.add(rule(v.get("name").asText(), v, "expression")));
        spec.path("validations").forEach(v -> validations.add(rule(v.get("expression").asText(), v, "expression")));
    }

    /** The first {@code ValidatingAdmissionPolicy} in a (multi-document) YAML file. */
    static AdmissionPolicy load(Path yaml) throws IOException {
        for (JsonNode document : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml.toFile()).readAll()) {
            if (document.path("kind").asText().equals("ValidatingAdmissionPolicy")) {
                return new AdmissionPolicy(document.get("spec"));
            }
        }
        throw new IllegalArgumentException(yaml + " holds no ValidatingAdmissionPolicy");
    }

    /** The denial messages for this request: empty when admitted or when the policy does not match it. */
    List<String> violations(Object object, String username, String namespace, Map<String, String> params) {
        Map<String, Object> activation = new HashMap<>();
        activation.put("object", normalised(JSON.convertValue(object, Object.class)));
        activation.put("oldObject", null);
        activation.put("request", Map.of("userInfo", Map.of("username", username), "namespace", namespace,
                "operation", "CREATE"));
        activation.put("params", params == null ? null : Map.of("data", params));
        Map<String, Object> bound = new LinkedHashMap<>();
        activation.put("variables", bound);
        List<String> violations = new ArrayList<>();
        for (Rule condition : matchConditions) {
            try {
                if (!Boolean.TRUE.equals(condition.program().eval(activation))) {
                    return List.of();
                }
            } catch (CelEvaluationException e) {
                return failClosed ? List.of("match condition " + condition.name() + " failed: " + e.getMessage())
                        : List.of();
            }
        }
        for (Rule variable : variables) {
            try {
                bound.put(variable.name(), variable.program().eval(activation));
            } catch (CelEvaluationException e) {
                // like the API server: an expression that reads the variable fails in turn
            }
        }
        for (Rule validation : validations) {
            try {
                if (!Boolean.TRUE.equals(validation.program().eval(activation))) {
                    violations.add(message(validation, activation));
                }
            } catch (CelEvaluationException e) {
                if (failClosed) {
                    violations.add(message(validation, activation) + " (evaluation failed: " + e.getMessage() + ")");
                }
            }
        }
        return violations;
    }

    private static String message(Rule rule, Map<String, Object> activation) {
        if (rule.messageProgram() != null) {
            try {
                return String.valueOf(rule.messageProgram().eval(activation));
            } catch (CelEvaluationException e) {
                // falls back to the static message, as the API server does
            }
        }
        return rule.message() != null ? rule.message() : "failed expression: " + rule.name();
    }

    private static Rule rule(String name, JsonNode node, String field) {
        JsonNode message = node.get("message");
        JsonNode messageExpression = node.get("messageExpression");
        return new Rule(name, program(node.get(field).asText()), message == null ? null : message.asText(),
                messageExpression == null ? null : program(messageExpression.asText()));
    }

    private static CelRuntime.Program program(String expression) {
        try {
            return RUNTIME.createProgram(COMPILER.compile(expression).getAst());
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalArgumentException("not a valid CEL expression: " + expression + "\n" + e.getMessage(), e);
        }
    }

    /** JSON numbers as CEL's int (long) and double; maps and lists recursively. */
    private static Object normalised(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), normalised(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(AdmissionPolicy::normalised).toList();
        }
        if (value instanceof Integer number) {
            return number.longValue();
        }
        if (value instanceof Float number) {
            return number.doubleValue();
        }
        return value;
    }
}
