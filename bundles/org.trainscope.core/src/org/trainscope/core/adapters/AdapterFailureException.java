package org.trainscope.core.adapters;

/** An adapter contribution is broken (its class failed), as opposed to the data being bad. */
public final class AdapterFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AdapterFailureException(String message) {
        super(message);
    }
}
