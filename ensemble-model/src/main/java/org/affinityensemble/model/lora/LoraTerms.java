package org.affinityensemble.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import org.affinityensemble.model.encoder.AttentionModule;
import org.affinityensemble.model.encoder.ProjectionAdaptation;
import org.affinityensemble.model.runtime.HostArrays;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LoRA as a {@link ProjectionAdaptation}: an adapted projection computes {@code x·Wᵀ + b + Σ_k f_k·(x·A_k)·B_k}
 * over its terms k (one term for a single adapter, with f = alpha / rank; several weighted terms for an unmerged
 * ensemble). The matrices live in the caller's manager. Forms:
 * <ul>
 *   <li>{@link #of}: one adapter as constants, for inference;</li>
 *   <li>{@link #trainable}: A and B are autograd leaves [in, r] and [r, out], for training;</li>
 *   <li>{@link #perExample}: every example n of a batch gets its own leaf copies, A [N, in, r] and B [N, r, out]
 *       (batched matmul), so one backward pass of Σ_n h_n yields each example's own gradient;</li>
 *   <li>{@link #weightedSum}: several adapters with ensemble weights, as separate constant terms.</li>
 * </ul>
 * Not thread-safe; one instance serves one forward (and backward) pass.
 */
public final class LoraTerms implements ProjectionAdaptation {

    private record Key(int layer, AttentionModule module) {
    }

    private record Term(NDArray a, NDArray b, double factor) {
    }

    /** Terms by adapted projection; for a single adapter in canonical order. */
    private final Map<Key, List<Term>> terms;

    private LoraTerms(Map<Key, List<Term>> terms) {
        this.terms = terms;
    }

    /** One adapter as constants. */
    public static LoraTerms of(LoraAdapter adapter, NDManager scope, DataType type) {
        return single(adapter, scope, type, 0, false);
    }

    /** One adapter whose A and B are autograd leaves ({@link #gradients()} reads them after backward). */
    public static LoraTerms trainable(LoraAdapter adapter, NDManager scope, DataType type) {
        return single(adapter, scope, type, 0, true);
    }

    /** Per-example leaf copies of one adapter for a batch of {@code rows} examples. */
    public static LoraTerms perExample(LoraAdapter adapter, int rows, NDManager scope, DataType type) {
        if (rows < 1) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        return single(adapter, scope, type, rows, true);
    }

    /**
     * Autograd leaves copied from parameter arrays {@code [A_0, B_0, A_1, B_1, ...]} in the canonical order of
     * {@code layout} (a trainer's persistent parameters; they themselves stay untouched by backward).
     */
    public static LoraTerms leavesOf(LoraLayout layout, double scaling, List<NDArray> parameters, NDManager scope) {
        if (parameters.size() != 2 * layout.slots().size()) {
            throw new IllegalArgumentException(parameters.size() + " arrays for " + layout.slots().size() + " slots");
        }
        Map<Key, List<Term>> terms = new LinkedHashMap<>();
        for (int slot = 0; slot < layout.slots().size(); slot++) {
            LoraSlot s = layout.slots().get(slot);
            NDArray a = leafCopy(parameters.get(2 * slot), scope);
            NDArray b = leafCopy(parameters.get(2 * slot + 1), scope);
            terms.put(new Key(s.layer(), s.module()), List.of(new Term(a, b, scaling)));
        }
        return new LoraTerms(terms);
    }

    /**
     * Several adapters with ensemble weights: an adapted projection outputs
     * {@code x·Wᵀ + b + Σ_k w_k·(alpha_k/r_k)·x·A_k·B_k}. The adapters may differ in rank and targets.
     */
    public static LoraTerms weightedSum(List<LoraAdapter> adapters, double[] weights, NDManager scope,
            DataType type) {
        if (adapters.isEmpty() || adapters.size() != weights.length) {
            throw new IllegalArgumentException("one weight per adapter is needed");
        }
        Map<Key, List<Term>> terms = new LinkedHashMap<>();
        for (int k = 0; k < adapters.size(); k++) {
            LoraAdapter adapter = adapters.get(k);
            for (int slot = 0; slot < adapter.layout().slots().size(); slot++) {
                LoraSlot s = adapter.layout().slots().get(slot);
                terms.computeIfAbsent(new Key(s.layer(), s.module()), key -> new ArrayList<>())
                        .add(term(adapter, slot, scope, type, 0, weights[k] * adapter.scaling()));
            }
        }
        return new LoraTerms(terms);
    }

    private static NDArray leafCopy(NDArray parameter, NDManager scope) {
        NDArray leaf = parameter.duplicate();
        leaf.attach(scope);
        leaf.setRequiresGradient(true);
        return leaf;
    }

    private static LoraTerms single(LoraAdapter adapter, NDManager scope, DataType type, int copies,
            boolean leaves) {
        Map<Key, List<Term>> terms = new LinkedHashMap<>();
        for (int slot = 0; slot < adapter.layout().slots().size(); slot++) {
            LoraSlot s = adapter.layout().slots().get(slot);
            Term term = term(adapter, slot, scope, type, copies, adapter.scaling());
            if (leaves) {
                term.a.setRequiresGradient(true);
                term.b.setRequiresGradient(true);
            }
            terms.put(new Key(s.layer(), s.module()), List.of(term));
        }
        return new LoraTerms(terms);
    }

    private static Term term(LoraAdapter adapter, int slot, NDManager scope, DataType type, int copies,
            double factor) {
        LoraSlot s = adapter.layout().slots().get(slot);
        int rank = adapter.layout().rank();
        return new Term(matrix(scope, adapter.a(slot), s.inDim(), rank, type, copies),
                matrix(scope, adapter.b(slot), rank, s.outDim(), type, copies), factor);
    }

    private static NDArray matrix(NDManager scope, float[] values, int rows, int cols, DataType type, int copies) {
        NDArray matrix = HostArrays.create(scope, values, new Shape(rows, cols), type);
        return copies == 0 ? matrix : matrix.expandDims(0).repeat(0, copies);
    }

    @Override
    public NDArray project(int layer, AttentionModule module, NDArray input, NDArray weight, NDArray bias) {
        NDArray output = ProjectionAdaptation.base(input, weight, bias);
        for (Term term : terms.getOrDefault(new Key(layer, module), List.of())) {
            output = output.add(input.matMul(term.a).matMul(term.b).mul(term.factor));
        }
        return output;
    }

    /**
     * After a backward pass: the leaves' gradients in canonical order, [D] for {@link #trainable}, [N, D] for
     * {@link #perExample}.
     */
    public NDArray gradients() {
        NDList parts = new NDList();
        for (NDArray leaf : leaves()) {
            NDArray gradient = leaf.getGradient();
            Shape shape = gradient.getShape();
            parts.add(shape.dimension() == 3 ? gradient.reshape(shape.get(0), shape.get(1) * shape.get(2))
                    : gradient.flatten());
        }
        return NDArrays.concat(parts, parts.get(0).getShape().dimension() - 1);
    }

    /** The leaves [A, B] of each adapted projection in canonical order (single-adapter forms). */
    public List<NDArray> leaves() {
        List<NDArray> leaves = new ArrayList<>();
        for (List<Term> slotTerms : terms.values()) {
            if (slotTerms.size() != 1) {
                throw new IllegalStateException("a weighted sum of adapters has no leaves");
            }
            leaves.add(slotTerms.get(0).a);
            leaves.add(slotTerms.get(0).b);
        }
        return leaves;
    }
}
