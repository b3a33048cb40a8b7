package org.trainscope.core.modeltypes;

import java.util.Optional;

import org.trainscope.core.model.Run;

/**
 * The built-in recogniser that reads what the data says about itself: a trace's manifest names
 * its model type (the recorder's guess, or what the user told it). That word is evidence, not a
 * verdict: it votes for the type it names with {@link #CONFIDENCE}, and a recogniser that reads
 * the graph and is more confident wins (a plug-in's RNN recogniser over a manifest that says
 * "mlp"). A word that names no installed model type votes for nothing.
 */
public final class DeclaredModelType {
    /**
     * Above what the built-in graph recognisers give a plain match (MLP 60, CNN 80, a VAE without
     * encoder/decoder groups 85), below a certain one (a VAE with both groups 100, a GAN 95).
     */
    public static final int CONFIDENCE = 90;

    private DeclaredModelType() {
    }

    /** The type {@code declaredId} names with {@link #CONFIDENCE}; empty for "" or an unknown id. */
    static Optional<ModelTypeManager.Recognition> vote(ModelTypeManager manager, String declaredId) {
        if (declaredId == null || declaredId.isBlank()) {
            return Optional.empty();
        }
        return manager.modelType(declaredId.trim())
                .map(d -> new ModelTypeManager.Recognition(d, CONFIDENCE, "the data declares it"));
    }

    /** What {@code run} declares, as the adapter read it ("" when its source names no type). */
    static String of(Run run) {
        String id = run.modelTypeId();
        return id == null ? "" : id;
    }
}
