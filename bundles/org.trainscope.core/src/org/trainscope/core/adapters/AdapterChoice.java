package org.trainscope.core.adapters;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What every installed adapter said about one location, and the winner if any.
 *
 * @param location what was asked about
 * @param answers each adapter with its confidence, most confident first
 */
public record AdapterChoice(Path location, List<Answer> answers) {

    /** One adapter's confidence for the location. */
    public record Answer(AdapterDescriptor adapter, int confidence) {
    }

    public AdapterChoice {
        answers = List.copyOf(answers);
    }

    /** The most confident adapter, when any has a confidence above zero. */
    public Optional<AdapterDescriptor> best() {
        return answers.stream().filter(a -> a.confidence() > 0).findFirst().map(Answer::adapter);
    }

    /** For the user when nothing applies: which adapters exist and what they read. */
    public String explainNoneApplies() {
        String installed = answers.stream()
                .map(a -> a.adapter().name() + (a.adapter().filePatterns().isEmpty() ? ""
                        : " (" + String.join(", ", a.adapter().filePatterns()) + ")")
                        + (a.adapter().acceptsFolders() ? " [folders]" : ""))
                .collect(Collectors.joining("\n  "));
        return "No installed adapter can read " + location + ".\nInstalled adapters:\n  "
                + (installed.isEmpty() ? "(none)" : installed);
    }
}
