package org.trainscope.adapters.modeltypes;

import java.util.LinkedHashMap;
import java.util.Map;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.modeltypes.IModelTypeRecognizer;

/**
 * The four model types this bundle contributes, for adapters whose data does not name its type
 * (ONNX). Adapters run without the extension registry in tests and the CLI, so they ask these
 * directly; the workbench may still re-rank with every contributed recognizer.
 */
public final class BuiltInModelTypes {
    /** Ties go to the more specific type: the order here. */
    private static final Map<String, IModelTypeRecognizer> RECOGNIZERS = new LinkedHashMap<>();

    static {
        RECOGNIZERS.put("gan", new GanRecognizer());
        RECOGNIZERS.put("vae", new VaeRecognizer());
        RECOGNIZERS.put("cnn", new CnnRecognizer());
        RECOGNIZERS.put("mlp", new MlpRecognizer());
    }

    private BuiltInModelTypes() {
    }

    /** The id ("gan", "vae", "cnn", "mlp") of the most confident type, or "" when none recognizes the graph. */
    public static String recognize(NetworkGraph graph) {
        String best = "";
        int bestScore = 0;
        for (Map.Entry<String, IModelTypeRecognizer> e : RECOGNIZERS.entrySet()) {
            int score = e.getValue().recognize(graph);
            if (score > bestScore) {
                best = e.getKey();
                bestScore = score;
            }
        }
        return best;
    }
}
