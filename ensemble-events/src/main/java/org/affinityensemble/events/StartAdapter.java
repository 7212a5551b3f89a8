package org.affinityensemble.events;

import java.util.regex.Pattern;

/**
 * Where gradients are taken and adapters start when not at the LoRA initialisation: a meta-initialisation θ*
 * (an adapter trained on every registered task, stored in the PEFT layout under {@code adapters/{adapterId}/} in
 * the shared bucket), and whether A stays frozen at θ*'s value after it, so that only B is trained and only B's
 * gradients are taken (docs/training.md, ADR 0047).
 */
public record StartAdapter(String adapterId, boolean frozenA) {

    /** An adapter id is one object-store path segment. */
    public static final Pattern ADAPTER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    public StartAdapter {
        InvalidEventException.requireId(adapterId, "start.adapterId");
        InvalidEventException.require(ADAPTER_ID.matcher(adapterId).matches() && !adapterId.contains(".."),
                "start.adapterId '" + adapterId + "' must match " + ADAPTER_ID.pattern());
    }

    String canonical() {
        return "start=" + adapterId + (frozenA ? ",frozenA" : "");
    }
}
