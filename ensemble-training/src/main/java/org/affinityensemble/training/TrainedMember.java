package org.affinityensemble.training;

import org.affinityensemble.model.lora.LoraAdapter;

/** An ensemble member with its trained adapter. */
public record TrainedMember(EnsembleMember member, LoraAdapter adapter) {

    public String adapterId() {
        return member.adapterId();
    }
}
