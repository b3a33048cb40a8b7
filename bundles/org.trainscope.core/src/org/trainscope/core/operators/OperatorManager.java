package org.trainscope.core.operators;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IConfigurationElement;
import org.trainscope.core.registry.ContributionProblem;
import org.trainscope.core.registry.ContributionProblems;
import org.trainscope.core.registry.ExtensionPointReader;
import org.trainscope.core.registry.LazyContribution;

/** The one manager of {@code org.trainscope.core.operators}. */
public final class OperatorManager extends ExtensionPointReader<OperatorDescriptor> {
    public static final String EXTENSION_POINT = "org.trainscope.core.operators";
    private static final OperatorManager INSTANCE = new OperatorManager();
    /** Descriptors parsed so far during the single read, to spot a type implemented twice. */
    private final List<OperatorDescriptor> parsed = new ArrayList<>();

    private OperatorManager() {
        super(EXTENSION_POINT);
    }

    public static OperatorManager getInstance() {
        return INSTANCE;
    }

    public List<OperatorDescriptor> operators() {
        return descriptors();
    }

    /** The first usable contribution for {@code type}; a broken one is skipped for the next. */
    public Optional<OperatorDescriptor> operator(String type) {
        return descriptors().stream().filter(d -> d.type().equals(type)).filter(d -> d.operator().isPresent())
                .findFirst();
    }

    @Override
    protected OperatorDescriptor parse(IConfigurationElement element) {
        if (!"operator".equals(element.getName())) {
            return null;
        }
        String type = required(element, "type");
        required(element, "class");
        if (parsed.stream().anyMatch(d -> d.type().equals(type))) {
            ContributionProblems.getDefault().report(new ContributionProblem(EXTENSION_POINT,
                    element.getContributor().getName(), type,
                    "duplicates an operator type that another plug-in already implements; the first one wins", null));
        }
        OperatorDescriptor d = new OperatorDescriptor(type, optional(element, "name", type),
                new LazyContribution<>(element, "class", IOperator.class, EXTENSION_POINT, type));
        parsed.add(d);
        return d;
    }
}
