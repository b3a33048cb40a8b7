package org.trainscope.core.registry;

import java.util.Optional;
import java.util.function.Function;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.ISafeRunnable;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SafeRunner;

/**
 * The executable class of one contribution, created on first use (so an unused plug-in is never
 * loaded) and only called through {@link SafeRunner}: a class that is missing, a constructor
 * that throws or a method that throws is reported to {@link ContributionProblems} and answered
 * with an empty result, and the caller carries on with the other contributions.
 *
 * @param <T> the interface the contribution implements
 */
public final class LazyContribution<T> {
    private final IConfigurationElement element;
    private final String classAttribute;
    private final Class<T> type;
    private final String extensionPoint;
    private final String contributionId;
    private volatile T instance;
    private volatile boolean broken;

    public LazyContribution(IConfigurationElement element, String classAttribute, Class<T> type,
            String extensionPoint, String contributionId) {
        this.element = element;
        this.classAttribute = classAttribute;
        this.type = type;
        this.extensionPoint = extensionPoint;
        this.contributionId = contributionId;
    }

    /** The instance, created now if needed; empty when creation failed (then and forever). */
    public Optional<T> get() {
        T current = instance;
        if (current != null || broken) {
            return Optional.ofNullable(current);
        }
        synchronized (this) {
            if (instance == null && !broken) {
                instance = create();
                broken = instance == null;
            }
            return Optional.ofNullable(instance);
        }
    }

    /** True once creating the class failed. */
    public boolean isBroken() {
        return broken;
    }

    /** A method of the contribution that may throw the checked exception {@code X}. */
    @FunctionalInterface
    public interface ContributionCall<T, R, X extends Exception> {
        R apply(T contribution) throws X;
    }

    /**
     * Calls {@code method} on the instance inside {@link SafeRunner}. A runtime exception or
     * error thrown by the contribution is reported and gives an empty result.
     * {@link OperationCanceledException} passes through: cancelling is not a fault.
     */
    public <R> Optional<R> call(Function<T, R> method) {
        return call(method::apply, RuntimeException.class);
    }

    /**
     * Like {@link #call(Function)}, but {@code expected} (e.g. an IOException for unreadable
     * data) is the contribution's legitimate answer: it is rethrown to the caller, not reported
     * as a fault of the contribution.
     */
    public <R, X extends Exception> Optional<R> call(ContributionCall<T, R, X> method, Class<X> expected) throws X {
        Optional<T> target = get();
        if (target.isEmpty()) {
            return Optional.empty();
        }
        Object[] result = new Object[1];
        Throwable[] passed = new Throwable[1];
        SafeRunner.run(new ISafeRunnable() {
            @Override
            public void run() throws Exception {
                try {
                    result[0] = method.apply(target.get());
                } catch (OperationCanceledException e) {
                    passed[0] = e;
                } catch (Exception e) {
                    // Caught here, before SafeRunner logs it as a plug-in fault.
                    if (expected == RuntimeException.class || !expected.isInstance(e)) {
                        throw e;
                    }
                    passed[0] = e;
                }
            }

            @Override
            public void handleException(Throwable e) {
                report("threw an exception when called", e);
            }
        });
        if (passed[0] instanceof OperationCanceledException oce) {
            throw oce;
        }
        if (passed[0] != null) {
            throw expected.cast(passed[0]);
        }
        @SuppressWarnings("unchecked")
        R r = (R) result[0];
        return Optional.ofNullable(r);
    }

    private T create() {
        Object[] created = new Object[1];
        SafeRunner.run(new ISafeRunnable() {
            @Override
            public void run() throws CoreException {
                created[0] = element.createExecutableExtension(classAttribute);
            }

            @Override
            public void handleException(Throwable e) {
                report("could not be created (class '" + element.getAttribute(classAttribute) + "')", rootCause(e));
            }
        });
        if (created[0] == null) {
            return null;
        }
        if (!type.isInstance(created[0])) {
            report("has class " + created[0].getClass().getName() + ", which does not implement " + type.getName(),
                    null);
            return null;
        }
        return type.cast(created[0]);
    }

    /** The plug-in's own exception, without the registry's and reflection's wrappers. */
    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (true) {
            Throwable inner = null;
            if (t instanceof CoreException ce) {
                inner = ce.getStatus().getException();
            } else if (t instanceof java.lang.reflect.InvocationTargetException ite) {
                inner = ite.getTargetException();
            } else if (t instanceof ExceptionInInitializerError eie) {
                inner = eie.getCause();
            }
            if (inner == null || inner == t) {
                return t;
            }
            t = inner;
        }
    }

    private void report(String message, Throwable cause) {
        ContributionProblems.getDefault().report(new ContributionProblem(extensionPoint,
                element.getContributor().getName(), contributionId, message, cause));
    }

    public String contributionId() {
        return contributionId;
    }

    public IConfigurationElement element() {
        return element;
    }
}
