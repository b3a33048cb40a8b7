package org.trainscope.algorithms.credit.provider;

import java.util.List;

import org.trainscope.algorithms.credit.CreditResult;

/**
 * Everything the Neuron Credit view draws and {@code trainscope-cli credit} reports for one
 * {@link CreditGraphRequest}: computed by {@link CreditGraphProvider}, laid out by
 * {@link CreditGraphLayout}, painted by {@link CreditGraphPainter} (or the view's figures). No
 * SWT; immutable once made (the arrays inside are not copied: do not change them).
 *
 * @param request what was asked
 * @param runName the run's name
 * @param target "unit 17 of dense4 on probe input 2"
 * @param method what was computed, in words: "LRP, ε dense, γ conv, z^B input (epsilonGammaBox)",
 *        "gradient decomposition, loss: softmax cross-entropy of 4 against the probe labels"
 * @param inputSource "the recorded probe inputs" or where the user's inputs came from
 * @param result the engine's credit of every layer
 * @param graph the neurons and edges on display
 * @param inputs the inputs the neuron was explained on, those that drive it most first
 * @param warnings what the user should know about the result (an operator with no credit rule,
 *        NaN/Inf in the inputs, noise set to zero for user inputs), empty when none
 * @param batchRanking on the training batch: its samples ranked by how much they drive the target;
 *        null on the probe or user inputs
 */
public record CreditGraphModel(CreditGraphRequest request, String runName, String target, String method,
        String inputSource, CreditResult result, CreditGraph graph, List<InputCredit> inputs, List<String> warnings,
        TrainingBatchRanking batchRanking) {

    public CreditGraphModel {
        inputs = List.copyOf(inputs);
        warnings = List.copyOf(warnings);
    }

    /** A model on the probe or user inputs (no batch ranking). */
    public CreditGraphModel(CreditGraphRequest request, String runName, String target, String method,
            String inputSource, CreditResult result, CreditGraph graph, List<InputCredit> inputs, List<String> warnings) {
        this(request, runName, target, method, inputSource, result, graph, inputs, warnings, null);
    }

    /** Node ids of the layers on display, target's first. */
    public List<String> layerIds() {
        return List.copyOf(graph.layerIds());
    }

    /**
     * The relevance (forward) of every explained input, one row per input in batch order, for
     * {@code --relevance-out}; empty backward.
     */
    public float[][] relevanceRows() {
        return inputs.stream().filter(i -> i.relevance() != null)
                .sorted(java.util.Comparator.comparingInt(InputCredit::input)).map(InputCredit::relevance)
                .toArray(float[][]::new);
    }
}
