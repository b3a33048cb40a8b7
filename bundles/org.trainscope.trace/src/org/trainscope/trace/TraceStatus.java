package org.trainscope.trace;

/**
 * What a reader can say about a trace's end (spec §7, "Status"), as of its latest refresh.
 */
public enum TraceStatus {
    /** No end line yet: the writer is still writing, or it stopped without closing. Refreshing may add records. */
    LIVE,
    /** The writer closed the trace and every record it counts is readable: nothing will be added. */
    CLOSED,
    /**
     * Committed records were dropped: a journal line breaks the format, or the data of a committed
     * record is missing or unreadable. The readable prefix is shown with a warning. A broken journal
     * line is final; missing data is checked again on refresh (a copy may still be in progress).
     */
    DAMAGED;

    /** In words, for the command line and the Run Summary. */
    public String describe() {
        return switch (this) {
            case CLOSED -> "closed (the writer finished it)";
            case LIVE -> "live (no end line yet: still being written, or the writer stopped without closing)";
            case DAMAGED -> "damaged (committed records were dropped; see the warnings)";
        };
    }

    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
