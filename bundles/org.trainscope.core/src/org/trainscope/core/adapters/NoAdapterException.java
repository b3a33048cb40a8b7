package org.trainscope.core.adapters;

import java.io.IOException;

/** No installed adapter claims a location; the message lists what is installed. */
public final class NoAdapterException extends IOException {
    private static final long serialVersionUID = 1L;
    private final transient AdapterChoice choice;

    public NoAdapterException(AdapterChoice choice) {
        super(choice.explainNoneApplies());
        this.choice = choice;
    }

    public AdapterChoice choice() {
        return choice;
    }
}
