package org.trainscope.trace;

/** Element types a trace stores; {@link #npyDescr()} is the npy spelling, {@link #jsonName()} the manifest's. */
public enum DType {
    FLOAT32("float32", "<f4", 4),
    FLOAT16("float16", "<f2", 2),
    INT64("int64", "<i8", 8);

    private final String jsonName;
    private final String npyDescr;
    private final int size;

    DType(String jsonName, String npyDescr, int size) {
        this.jsonName = jsonName;
        this.npyDescr = npyDescr;
        this.size = size;
    }

    public String jsonName() {
        return jsonName;
    }

    public String npyDescr() {
        return npyDescr;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    public boolean isFloat() {
        return this != INT64;
    }

    /** The dtype of a manifest name, or null if there is none. */
    public static DType ofJsonName(String name) {
        for (DType t : values()) {
            if (t.jsonName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** The dtype of an npy descr, or null if the format does not allow it. */
    public static DType ofNpyDescr(String descr) {
        for (DType t : values()) {
            if (t.npyDescr.equals(descr)) {
                return t;
            }
        }
        return null;
    }
}
