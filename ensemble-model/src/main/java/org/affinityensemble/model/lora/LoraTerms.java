package org.affinityensemble.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.affinityensemble.model.encoder.AttentionModule;
import org.affinityensemble.model.encoder.ProjectionAdaptation;
import org.affinityensemble.model.runtime.HostArrays;

/**
 * LoRA as a {@link ProjectionAdaptation}: an adapted projection computes {@code x·Wᵀ + b + Σ_k f_k·(x·A_k)·B_k}
 * over its terms k (one term for a single adapter, with f = alpha / rank; several weighted terms for an unmerged
 * ensemble). The matrices live in the caller's manager. Forms:
 * <ul>
 *   <li>{@link #of}: one adapter as constants, for inference;</li>
 *   <li>{@link #trainable}: A and B are autograd leaves [in, r] and [r, out], for training;</li>
 *   <li>{@link #perExample}: every example n of a batch gets its own leaf copies, A [N, in, r] and B [N, r, out]
 *       (batched matmul), so one backward pass of Σ_n h_n yields each example's own gradient;</li>
 *   <li>with A frozen ({@code frozenA}, LoRA-FA) only the B matrices are leaves: A is one constant shared by
 *       every example, no gradient is recorded for it, and {@link #gradients()} puts zeros in its coordinates
 *       (the gradient with respect to the trained parameters, in the same D coordinates);</li>
 *   <li>{@link #weightedSum}: several adapters with ensemble weights, as separate constant terms.</li>
 * </ul>
 * It serves the encoder ({@link ProjectionAdaptation}) and the decoders ({@link LinearAdaptation}) alike. The LoRA
 * matrices must have the activations' type: DJL 0.33's {@code toType} is not differentiable (it detaches), so no
 * cast may sit between a leaf and the loss (the decoders keep activations in float32 whatever their weights'
 * storage type).
 * Not thread-safe; one instance serves one forward (and backward) pass.
 */
public final class LoraTerms implements ProjectionAdaptation {

    private record Key(int layer, LoraModule module) {
    }

    /** One term; {@code a} is a leaf only if {@code trainsA}, {@code b} is one whenever the term has leaves. */
    private record Term(NDArray a, NDArray b, double factor, boolean trainsA) {
    }

    /** Terms by adapted projection; for a single adapter in canonical order. */
    private final Map<Key, List<Term>> terms;

    private LoraTerms(Map<Key, List<Term>> terms) {
        this.terms = terms;
    }

    /** One adapter as constants. */
    public static LoraTerms of(LoraAdapter adapter, NDManager scope, DataType type) {
        return single(adapter, scope, type, 0, false, false);
    }

    /**
     * One adapter whose B (and, unless {@code frozenA}, A) are autograd leaves ({@link #gradients()} reads them
     * after backward).
     */
    public static LoraTerms trainable(LoraAdapter adapter, NDManager scope, DataType type, boolean frozenA) {
        return single(adapter, scope, type, 0, true, frozenA);
    }

    /**
     * Per-example leaf copies of one adapter's B (and, unless {@code frozenA}, A) for a batch of {@code rows}
     * examples.
     */
    public static LoraTerms perExample(LoraAdapter adapter, int rows, NDManager scope, DataType type,
            boolean frozenA) {
        if (rows < 1) {
            throw new IllegalArgumentException("a batch needs at least one example");
        }
        return single(adapter, scope, type, rows, true, frozenA);
    }

    /**
     * Autograd leaves copied from parameter arrays {@code [A_0, B_0, A_1, B_1, ...]} in the canonical order of
     * {@code layout} (a trainer's persistent parameters; they themselves stay untouched by backward). With
     * {@code frozenA} the A arrays are used as they are and only the B copies are leaves.
     */
    public static LoraTerms leavesOf(LoraLayout layout, double scaling, List<NDArray> parameters, NDManager scope,
            boolean frozenA) {
        if (parameters.size() != 2 * layout.slots().size()) {
            throw new IllegalArgumentException(parameters.size() + " arrays for " + layout.slots().size() + " slots");
        }
        Map<Key, List<Term>> terms = new LinkedHashMap<>();
        for (int slot = 0; slot < layout.slots().size(); slot++) {
            LoraSlot s = layout.slots().get(slot);
            NDArray a = frozenA ? parameters.get(2 * slot) : leafCopy(parameters.get(2 * slot), scope);
            NDArray b = leafCopy(parameters.get(2 * slot + 1), scope);
            terms.put(new Key(s.layer(), s.target()), List.of(new Term(a, b, scaling, !frozenA)));
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
                terms.computeIfAbsent(new Key(s.layer(), s.target()), key -> new ArrayList<>())
                        .add(term(adapter, slot, scope, type, 0, 0, weights[k] * adapter.scaling(), false));
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
            boolean leaves, boolean frozenA) {
        Map<Key, List<Term>> terms = new LinkedHashMap<>();
        for (int slot = 0; slot < adapter.layout().slots().size(); slot++) {
            LoraSlot s = adapter.layout().slots().get(slot);
            // a frozen A is the same for every example: one [in, r] constant, broadcast by the matmul
            Term term = term(adapter, slot, scope, type, frozenA ? 0 : copies, copies, adapter.scaling(),
                    leaves && !frozenA);
            if (leaves) {
                if (term.trainsA) {
                    term.a.setRequiresGradient(true);
                }
                term.b.setRequiresGradient(true);
            }
            terms.put(new Key(s.layer(), s.target()), List.of(term));
        }
        return new LoraTerms(terms);
    }

    private static Term term(LoraAdapter adapter, int slot, NDManager scope, DataType type, int copiesOfA,
            int copiesOfB, double factor, boolean trainsA) {
        LoraSlot s = adapter.layout().slots().get(slot);
        int rank = adapter.layout().rank();
        return new Term(matrix(scope, adapter.a(slot), s.inDim(), rank, type, copiesOfA),
                matrix(scope, adapter.b(slot), rank, s.outDim(), type, copiesOfB), factor, trainsA);
    }

    private static NDArray matrix(NDManager scope, float[] values, int rows, int cols, DataType type, int copies) {
        NDArray matrix = HostArrays.create(scope, values, new Shape(rows, cols), type);
        return copies == 0 ? matrix : matrix.expandDims(0).repeat(0, copies);
    }

    @Override
    public NDArray project(int layer, AttentionModule module, NDArray input, NDArray weight, NDArray bias) {
        return project(layer, (LoraModule) module, input, weight, bias);
    }

    @Override
    public NDArray project(int layer, LoraModule module, NDArray input, NDArray weight, NDArray bias) {
        NDArray output = LinearAdaptation.linear(input, weight, bias);
        for (Term term : terms.getOrDefault(new Key(layer, module), List.of())) {
            output = output.add(input.matMul(term.a).matMul(term.b).mul(term.factor));
        }
        return output;
    }

    /**
     * After a backward pass: the gradients of A and B of each adapted projection in canonical order, [D] for
     * {@link #trainable}, [N, D] for {@link #perExample}; a frozen A's coordinates are zero.
     */
    public NDArray gradients() {
        NDList parts = new NDList();
        for (Term term : singleTerms()) {
            NDArray b = flat(term.b.getGradient());
            if (term.trainsA) {
                parts.add(flat(term.a.getGradient()));
            } else {
                long size = term.a.getShape().get(0) * term.a.getShape().get(1);
                Shape shape = b.getShape().dimension() == 2 ? new Shape(b.getShape().get(0), size) : new Shape(size);
                parts.add(b.getManager().zeros(shape, b.getDataType()));
            }
            parts.add(b);
        }
        return NDArrays.concat(parts, parts.get(0).getShape().dimension() - 1);
    }

    /** A leaf's gradient as [D_leaf], or [N, D_leaf] for per-example copies. */
    private static NDArray flat(NDArray gradient) {
        Shape shape = gradient.getShape();
        return shape.dimension() == 3 ? gradient.reshape(shape.get(0), shape.get(1) * shape.get(2))
                : gradient.flatten();
    }

    /**
     * The leaves of each adapted projection in canonical order (single-adapter forms): [A, B], or [B] where A
     * is frozen.
     */
    public List<NDArray> leaves() {
        List<NDArray> leaves = new ArrayList<>();
        for (Term term : singleTerms()) {
            if (term.trainsA) {
                leaves.add(term.a);
            }
            leaves.add(term.b);
        }
        return leaves;
    }

    private List<Term> singleTerms() {
        List<Term> single = new ArrayList<>();
        for (List<Term> slotTerms : terms.values()) {
            if (slotTerms.size() != 1) {
                throw new IllegalStateException("a weighted sum of adapters has no leaves");
            }
            single.add(slotTerms.get(0));
        }
        return single;
    }
}
