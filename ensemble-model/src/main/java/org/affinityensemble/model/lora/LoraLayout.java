package org.affinityensemble.model.lora;

import java.util.ArrayList;
import java.util.List;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.encoder.AttentionModule;
import org.affinityensemble.model.encoder.BertConfig;

/**
 * The canonical flattening of a model's LoRA parameters into one vector of {@link #parameterCount()} values, on
 * which per-example gradients and their random projection depend:
 * <ol>
 *   <li>by layer, 0 first;</li>
 *   <li>within a layer, by module in the architecture's order (the encoder: q, k, v, o; a decoder: q, k, v, o,
 *       gate, up, down), only the adapted ones;</li>
 *   <li>within a module, A [in, rank] then B [rank, out], where the update is x·A·B (so A is PEFT's
 *       {@code lora_A.weight} transposed and B is {@code lora_B.weight} transposed);</li>
 *   <li>within a matrix, row-major.</li>
 * </ol>
 */
public final class LoraLayout {

    private final int rank;
    private final List<LoraSlot> slots;
    private final long[] offsets;
    private final long parameterCount;

    private LoraLayout(int rank, List<LoraSlot> slots) {
        this.rank = rank;
        this.slots = List.copyOf(slots);
        this.offsets = new long[slots.size()];
        long offset = 0;
        for (int i = 0; i < slots.size(); i++) {
            offsets[i] = offset;
            offset += (long) rank * (slots.get(i).inDim() + slots.get(i).outDim());
        }
        this.parameterCount = offset;
    }

    /** The layout of {@code spec}'s targets on every layer of a BERT encoder. */
    public static LoraLayout of(BertConfig config, LoraSpec spec) {
        for (String target : spec.targets()) {
            AttentionModule.ofShortName(target); // an encoder adapts attention projections only
        }
        List<LoraSlot> slots = new ArrayList<>();
        for (int layer = 0; layer < config.layers(); layer++) {
            for (AttentionModule module : AttentionModule.values()) {
                if (spec.targets().contains(module.shortName())) {
                    slots.add(new LoraSlot(layer, module, config.hiddenSize(), config.hiddenSize()));
                }
            }
        }
        return new LoraLayout(spec.rank(), slots);
    }

    /**
     * A layout of the given slots, which must be in canonical order (by layer, then by the architecture's module
     * order) and unique; architectures other than the encoder build their layouts with it.
     */
    public static LoraLayout of(int rank, List<LoraSlot> slots) {
        if (rank < 1 || slots.isEmpty()) {
            throw new IllegalArgumentException("a LoRA layout needs a positive rank and at least one slot");
        }
        for (int i = 1; i < slots.size(); i++) {
            if (slots.get(i).layer() < slots.get(i - 1).layer()) {
                throw new IllegalArgumentException("LoRA slots must be ordered by layer");
            }
            for (int j = 0; j < i; j++) {
                if (slots.get(j).layer() == slots.get(i).layer() && slots.get(j).target().equals(slots.get(i).target())) {
                    throw new IllegalArgumentException("duplicate LoRA slot " + slots.get(i));
                }
            }
        }
        return new LoraLayout(rank, slots);
    }

    public int rank() {
        return rank;
    }

    /** The adapted projections in canonical order. */
    public List<LoraSlot> slots() {
        return slots;
    }

    /** The index of the slot of this layer and module, or -1 when it is not adapted. */
    public int indexOf(int layer, LoraModule module) {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).layer() == layer && slots.get(i).target().equals(module)) {
                return i;
            }
        }
        return -1;
    }

    /** Where slot {@code index}'s A starts in the flat vector; its B follows after {@link #aSize}. */
    public long aOffset(int index) {
        return offsets[index];
    }

    public long bOffset(int index) {
        return offsets[index] + aSize(index);
    }

    public int aSize(int index) {
        return rank * slots.get(index).inDim();
    }

    public int bSize(int index) {
        return rank * slots.get(index).outDim();
    }

    /** D, the length of the flat parameter (and gradient) vector. */
    public long parameterCount() {
        return parameterCount;
    }
}
