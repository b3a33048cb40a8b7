package org.trainscope.adapters.internal.tensorboard;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.trainscope.adapters.MalformedDataException;
import org.trainscope.adapters.internal.protobuf.LongList;
import org.trainscope.adapters.internal.protobuf.ProtoReader;
import org.trainscope.adapters.internal.protobuf.ProtoReader.Region;

/**
 * Decodes {@code tensorboard.Event} records (event.proto, summary.proto, tensor.proto): wall_time
 * 1, step 2, summary 5 → Summary.value 1 → Value {tag 1, simple_value 2, histo 5, tensor 8,
 * metadata 9}. Scalars come as simple_value (PyTorch, tensorboardX, TF1) or as a rank-0 tensor
 * (TF2, plugin "scalars"); histograms as HistogramProto (TF1, PyTorch) or as a [k, 3] tensor of
 * (left, right, count) rows (TF2, plugin "histograms"). The plugin of a tag is announced only on
 * its first value, so the decoder remembers it across events.
 */
public final class EventDecoder {
    /** TensorFlow DataType codes used by summaries. */
    private static final int DT_FLOAT = 1;
    private static final int DT_DOUBLE = 2;
    private static final int DT_INT32 = 3;
    private static final int DT_INT64 = 9;
    private static final int DT_HALF = 19;
    /** Most buckets per histogram; TensorFlow's default has 774. */
    private static final int MAX_BUCKETS = 1 << 16;

    private final Map<String, String> pluginOfTag = new HashMap<>();
    private final SummarySink sink;

    public EventDecoder(SummarySink sink) {
        this.sink = sink;
    }

    /** Decodes one record whose data starts at file offset {@code offset}. */
    public void decode(ByteBuffer record, Path file, long offset) throws MalformedDataException {
        ProtoReader event = ProtoReader.of(record, file, offset);
        long step = 0;
        ProtoReader summaryReader = null;
        while (event.next()) {
            switch (event.field()) {
                case 1 -> event.readDouble();
                case 2 -> step = event.readInt64();
                case 5 -> summaryReader = event.readMessage();
                default -> event.skip();
            }
        }
        if (summaryReader != null) {
            // step may follow the summary in the byte stream, so values are read after the whole event
            while (summaryReader.next()) {
                if (summaryReader.field() == 1) {
                    value(summaryReader.readMessage(), step);
                } else {
                    summaryReader.skip();
                }
            }
        }
    }

    private void value(ProtoReader v, long step) throws MalformedDataException {
        String tag = "";
        Float simple = null;
        ProtoReader histo = null;
        ProtoReader tensor = null;
        String other = null;
        while (v.next()) {
            switch (v.field()) {
                case 1 -> tag = v.readString();
                case 2 -> simple = v.readFloat();
                case 5 -> histo = v.readMessage();
                case 8 -> tensor = v.readMessage();
                case 9 -> {
                    String plugin = pluginName(v.readMessage());
                    if (plugin != null) {
                        pluginOfTag.putIfAbsent(tag, plugin);
                    }
                }
                case 3, 4, 6 -> {
                    other = v.field() == 4 ? "image" : v.field() == 6 ? "audio" : "old-style histogram";
                    v.skip();
                }
                default -> v.skip();
            }
        }
        if (simple != null) {
            sink.scalar(tag, step, simple);
        } else if (histo != null) {
            sink.histogram(tag, step, histogramProto(histo));
        } else if (tensor != null) {
            tensorValue(tag, step, tensor);
        } else if (other != null) {
            sink.ignored(tag, other);
        }
    }

    private static String pluginName(ProtoReader metadata) throws MalformedDataException {
        String name = null;
        while (metadata.next()) {
            if (metadata.field() == 1) {
                ProtoReader pluginData = metadata.readMessage();
                while (pluginData.next()) {
                    if (pluginData.field() == 1) {
                        name = pluginData.readString();
                    } else {
                        pluginData.skip();
                    }
                }
            } else {
                metadata.skip();
            }
        }
        return name;
    }

    private Histogram histogramProto(ProtoReader h) throws MalformedDataException {
        double min = Double.NaN, max = Double.NaN, num = 0, sum = Double.NaN, sumSquares = Double.NaN;
        DoubleList limits = new DoubleList(MAX_BUCKETS);
        DoubleList counts = new DoubleList(MAX_BUCKETS);
        while (h.next()) {
            switch (h.field()) {
                case 1 -> min = h.readDouble();
                case 2 -> max = h.readDouble();
                case 3 -> num = h.readDouble();
                case 4 -> sum = h.readDouble();
                case 5 -> sumSquares = h.readDouble();
                case 6 -> readDoubles(h, limits);
                case 7 -> readDoubles(h, counts);
                default -> h.skip();
            }
        }
        if (limits.size() != counts.size()) {
            throw h.error("histogram has " + limits.size() + " bucket limits but " + counts.size() + " bucket counts");
        }
        return new Histogram(min, max, num, sum, sumSquares, limits.toArray(), counts.toArray());
    }

    /** A repeated double, packed (proto3 default) or not. */
    private static void readDoubles(ProtoReader r, DoubleList into) throws MalformedDataException {
        if (r.wireType() == ProtoReader.LENGTH_DELIMITED) {
            Region region = r.readRegion();
            if (region.length() % 8 != 0) {
                throw r.error("packed doubles of " + region.length() + " bytes (not a multiple of 8)");
            }
            for (int i = 0; i < region.length(); i += 8) {
                if (!into.add(r.buffer().getDouble(region.start() + i))) {
                    throw r.error("more than " + MAX_BUCKETS + " histogram buckets");
                }
            }
        } else if (!into.add(r.readDouble())) {
            throw r.error("more than " + MAX_BUCKETS + " histogram buckets");
        }
    }

    private void tensorValue(String tag, long step, ProtoReader t) throws MalformedDataException {
        int dtype = 0;
        LongList dims = new LongList(8);
        DoubleList values = new DoubleList(3 * MAX_BUCKETS);
        Region content = null;
        int valueBytes = 0;
        while (t.next()) {
            switch (t.field()) {
                case 1 -> dtype = (int) t.readInt64();
                case 2 -> shape(t.readMessage(), dims);
                case 4 -> content = t.readRegion();
                case 5 -> readFloats(t, values);
                case 6 -> readDoubles(t, values);
                case 7, 10, 13 -> {
                    LongList ints = new LongList(3 * MAX_BUCKETS);
                    t.readRepeatedVarint(ints);
                    for (long x : ints.toArray()) {
                        values.add(t.field() == 13 ? org.trainscope.trace.HalfFloat.toFloat((short) x) : x);
                    }
                }
                default -> t.skip();
            }
        }
        if (content != null && values.size() == 0) {
            valueBytes = switch (dtype) {
                case DT_FLOAT, DT_INT32 -> 4;
                case DT_DOUBLE, DT_INT64 -> 8;
                case DT_HALF -> 2;
                default -> 0;
            };
            if (valueBytes == 0 || content.length() % valueBytes != 0 || content.length() / valueBytes > 3 * MAX_BUCKETS) {
                sink.ignored(tag, "tensor of dtype " + dtype);
                return;
            }
            ByteBuffer b = t.buffer();
            for (int i = content.start(); i < content.start() + content.length(); i += valueBytes) {
                values.add(switch (dtype) {
                    case DT_FLOAT -> b.getFloat(i);
                    case DT_INT32 -> b.getInt(i);
                    case DT_DOUBLE -> b.getDouble(i);
                    case DT_INT64 -> b.getLong(i);
                    default -> org.trainscope.trace.HalfFloat.toFloat(b.getShort(i));
                });
            }
        }
        String plugin = pluginOfTag.getOrDefault(tag, "");
        long[] shape = dims.toArray();
        if (plugin.equals("histograms") && shape.length == 2 && shape[1] == 3 && values.size() == shape[0] * 3) {
            sink.histogram(tag, step, fromRows(values.toArray()));
        } else if ((plugin.equals("scalars") || plugin.isEmpty()) && shape.length == 0 && values.size() == 1) {
            sink.scalar(tag, step, values.get(0));
        } else {
            sink.ignored(tag, plugin.isEmpty() ? "tensor" : plugin);
        }
    }

    private static Histogram fromRows(double[] rows) {
        int k = rows.length / 3;
        double[] limits = new double[k];
        double[] counts = new double[k];
        double num = 0;
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < k; i++) {
            double left = rows[3 * i];
            double right = rows[3 * i + 1];
            limits[i] = right;
            counts[i] = rows[3 * i + 2];
            double centre = (left + right) / 2;
            num += counts[i];
            sum += counts[i] * centre;
            sumSquares += counts[i] * centre * centre;
        }
        double min = k == 0 ? Double.NaN : rows[0];
        double max = k == 0 ? Double.NaN : rows[3 * k - 2];
        // sums from bucket centres: the tensor form does not carry exact moments
        return new Histogram(min, max, num, sum, sumSquares, limits, counts);
    }

    private static void readFloats(ProtoReader r, DoubleList into) throws MalformedDataException {
        if (r.wireType() == ProtoReader.LENGTH_DELIMITED) {
            Region region = r.readRegion();
            if (region.length() % 4 != 0) {
                throw r.error("packed floats of " + region.length() + " bytes (not a multiple of 4)");
            }
            for (int i = 0; i < region.length(); i += 4) {
                if (!into.add(r.buffer().getFloat(region.start() + i))) {
                    throw r.error("too many tensor values in a summary");
                }
            }
        } else if (!into.add(r.readFloat())) {
            throw r.error("too many tensor values in a summary");
        }
    }

    private static void shape(ProtoReader s, LongList dims) throws MalformedDataException {
        while (s.next()) {
            if (s.field() == 2) {
                ProtoReader dim = s.readMessage();
                long size = 0;
                while (dim.next()) {
                    if (dim.field() == 1) {
                        size = dim.readInt64();
                    } else {
                        dim.skip();
                    }
                }
                if (!dims.add(size)) {
                    throw s.error("summary tensor of more than " + dims.cap() + " dimensions");
                }
            } else {
                s.skip();
            }
        }
    }
}
