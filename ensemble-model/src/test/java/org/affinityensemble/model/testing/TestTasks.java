package org.affinityensemble.model.testing;

import java.util.List;
import java.util.SplittableRandom;
import org.affinityensemble.events.LoraSpec;
import org.affinityensemble.model.classify.ClassifierSettings;
import org.affinityensemble.model.classify.LabelPrototypes;
import org.affinityensemble.model.classify.LabelledText;
import org.affinityensemble.model.classify.PrototypeClassifier;
import org.affinityensemble.model.classify.TaskLabels;
import org.affinityensemble.model.encoder.BaseModel;
import org.affinityensemble.model.lora.LoraAdapter;

/** The two real sentiment tasks of the fixtures as classifier inputs, and adapters away from initialisation. */
public final class TestTasks {

    public static final String AMAZON = "sent_amazon";
    public static final String IMDB = "sent_imdb";
    public static final List<String> LABELS = List.of("negative", "positive");

    private TestTasks() {
    }

    public static List<TaskLabels> tasks() {
        return List.of(new TaskLabels(AMAZON, LABELS), new TaskLabels(IMDB, LABELS));
    }

    public static PrototypeClassifier classifier(BaseModel model, int maxLength) {
        LabelPrototypes prototypes = LabelPrototypes.embed(model, tasks(), 16);
        return new PrototypeClassifier(model, prototypes, new ClassifierSettings(20, maxLength));
    }

    public static List<LabelledText> amazon() {
        return Fixtures.amazon().stream().map(s -> new LabelledText(AMAZON, s.text(), s.label())).toList();
    }

    public static List<LabelledText> imdb() {
        return Fixtures.imdb().stream().map(s -> new LabelledText(IMDB, s.text(), s.label())).toList();
    }

    /** A few examples of both tasks interleaved, so batches mix tasks and lengths. */
    public static List<LabelledText> mixed(int perTask) {
        List<LabelledText> a = amazon();
        List<LabelledText> b = imdb();
        List<LabelledText> out = new java.util.ArrayList<>();
        for (int i = 0; i < perTask; i++) {
            out.add(a.get(i));
            out.add(b.get(i));
        }
        return out;
    }

    /** An adapter with A as at initialisation and B drawn uniformly on ±bScale: LoRA away from its init. */
    public static LoraAdapter awayFromInit(LoraSpec spec, BaseModel model, double bScale, long seed) {
        LoraAdapter init = LoraAdapter.initialise(spec, model.config());
        float[] values = init.parameters();
        SplittableRandom random = new SplittableRandom(seed);
        for (int slot = 0; slot < init.layout().slots().size(); slot++) {
            int start = (int) init.layout().bOffset(slot);
            for (int i = 0; i < init.layout().bSize(slot); i++) {
                values[start + i] = (float) random.nextDouble(-bScale, bScale);
            }
        }
        return LoraAdapter.of(spec, model.config(), values);
    }
}
