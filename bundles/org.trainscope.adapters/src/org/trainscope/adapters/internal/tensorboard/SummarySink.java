package org.trainscope.adapters.internal.tensorboard;

/** Receives what {@link EventDecoder} finds in one event. */
public interface SummarySink {
    void scalar(String tag, long step, double value);

    void histogram(String tag, long step, Histogram histogram);

    /** A summary value of a kind this reader does not turn into data (images, text, audio, ...). */
    void ignored(String tag, String what);
}
