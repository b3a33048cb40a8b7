package org.trainscope.adapters.internal.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.trainscope.adapters.internal.onnx.OnnxModel.Op;
import org.trainscope.core.model.ImportedNodes;

/**
 * Translates ONNX operators into TrainScope's operator vocabulary (the one the recorders write and
 * credit assignment implements; docs/algorithms/credit-assignment.md has the table) with all the
 * attributes that change what they compute. An operator, or an attribute value, without an exact
 * equivalent keeps its ONNX type and gets {@link ImportedNodes#NOT_EXPLAINABLE} with the reason:
 * credit then says plainly which node it cannot explain, and never runs an approximation (an
 * unpadded convolution, a softmax over the wrong axis).
 * <p>
 * Every translated node also carries {@link ImportedNodes#SOURCE_OPERATOR} ("ONNX Conv") and the
 * ONNX attributes under "onnx." names, so nothing of the model is hidden and no ONNX name can be
 * mistaken for one of TrainScope's.
 */
final class OnnxOperators {
    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Set<String> SIMPLE = Set.of("Relu", "Sigmoid", "Tanh", "Softsign");

    /**
     * One translated node.
     *
     * @param type TrainScope's operator type (the ONNX op type when refused)
     * @param attributes TrainScope's attributes, plus the source operator, the ONNX attributes, and
     *        the refusal if any
     * @param data the value names of the data inputs, in order
     * @param parameters constant inputs by value name → the parameter name the operator reads
     *        ("weight", "bias", "running_mean", ...)
     */
    record Translation(String type, Map<String, String> attributes, List<String> data, Map<String, String> parameters) {
        boolean refused() {
            return attributes.containsKey(ImportedNodes.NOT_EXPLAINABLE);
        }
    }

    /** Thrown inside a translation to refuse the node with a reason. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String why) {
            super(why, null, false, false);
        }
    }

    private final Op op;
    private final OnnxConstants constants;
    private final long opset;
    private final Map<String, String> out = new LinkedHashMap<>();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private final List<String> data = new ArrayList<>();

    private OnnxOperators(Op op, OnnxConstants constants, long opset) {
        this.op = op;
        this.constants = constants;
        this.opset = opset;
    }

    /**
     * @param usedOutputs how many of the node's outputs other nodes or the graph consume, by
     *        position (a second output of BatchNormalization or Dropout means training mode)
     */
    static Translation translate(Op op, OnnxConstants constants, long opset, boolean[] usedOutputs) {
        OnnxOperators t = new OnnxOperators(op, constants, opset);
        String type;
        try {
            for (int k = 1; k < usedOutputs.length; k++) {
                if (usedOutputs[k]) {
                    throw new Refusal("its output " + (k + 1) + " ('" + op.outputs().get(k) + "') is used; credit "
                            + "computes only the first output (of BatchNormalization and Dropout, the inference one)");
                }
            }
            type = t.translated();
        } catch (Refusal r) {
            return refused(op, r.getMessage());
        }
        return new Translation(type, t.withSource(), List.copyOf(t.data), Map.copyOf(t.parameters));
    }

    /** The node kept with its ONNX type and the reason credit cannot run it. */
    static Translation refused(Op op, String why) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(ImportedNodes.SOURCE_OPERATOR, "ONNX " + op.opType());
        attributes.put(ImportedNodes.NOT_EXPLAINABLE, why);
        op.attributes().forEach((k, v) -> attributes.put("onnx." + k, v));
        List<String> inputs = op.inputs().stream().filter(s -> !s.isEmpty()).toList();
        return new Translation(op.opType(), attributes, inputs, Map.of());
    }

    private Map<String, String> withSource() {
        Map<String, String> all = new LinkedHashMap<>(out);
        all.put(ImportedNodes.SOURCE_OPERATOR, "ONNX " + op.opType());
        op.attributes().forEach((k, v) -> all.put("onnx." + k, v));
        return all;
    }

    private String translated() throws Refusal {
        String type = op.opType();
        if (SIMPLE.contains(type)) {
            dataInputs(1);
            return type.toLowerCase(Locale.ROOT);
        }
        return switch (type) {
            case "Conv" -> conv();
            case "ConvTranspose" -> convTranspose();
            case "Gemm" -> gemm();
            case "MatMul" -> matMul();
            case "Add", "Sum" -> add();
            case "LeakyRelu" -> {
                dataInputs(1);
                out.put("negative_slope", number("alpha", "0.01"));
                yield "leakyrelu";
            }
            case "Elu" -> {
                dataInputs(1);
                out.put("alpha", number("alpha", "1.0"));
                yield "elu";
            }
            case "Softplus" -> {
                dataInputs(1);
                yield "softplus";
            }
            case "Softmax", "LogSoftmax" -> softmax();
            case "MaxPool" -> pool("maxpool");
            case "AveragePool" -> pool("avgpool");
            case "GlobalAveragePool", "GlobalMaxPool" -> {
                dataInputs(1);
                out.put("output_size", "[1, 1]");
                yield type.equals("GlobalMaxPool") ? "maxpool" : "avgpool";
            }
            case "Flatten" -> {
                dataInputs(1);
                long axis = integer("axis", 1);
                if (axis != 1) {
                    throw new Refusal("Flatten with axis " + axis + " changes the batch axis; only axis 1 keeps it");
                }
                yield "flatten";
            }
            case "Reshape" -> reshape();
            case "BatchNormalization" -> batchNorm();
            case "Concat" -> concat();
            case "Dropout" -> {
                dataInputs(1, "ratio", "training_mode");
                if (op.inputs().size() > 2 && !op.inputs().get(2).isEmpty()) {
                    long[] training = constants.integers(op.inputs().get(2));
                    if (training == null || training.length != 1 || training[0] != 0) {
                        throw new Refusal("training_mode is not the constant false");
                    }
                }
                yield "dropout";
            }
            case "Identity" -> {
                dataInputs(1);
                yield "identity";
            }
            case "Pad" -> pad();
            default -> throw new Refusal("TrainScope has no operator for ONNX's " + type);
        };
    }

    /**
     * Takes the node's inputs: the first {@code count} must be computed values (data), the rest
     * constants named by {@code roles} in order (an empty input name is an omitted optional one).
     */
    private void dataInputs(int count, String... roles) throws Refusal {
        List<String> in = op.inputs();
        if (in.size() > count + roles.length) {
            throw new Refusal("it has " + in.size() + " inputs, more than the " + (count + roles.length) + " understood");
        }
        for (int k = 0; k < in.size(); k++) {
            String v = in.get(k);
            if (k < count) {
                if (v.isEmpty() || constants.isConstant(v)) {
                    throw new Refusal("input " + (k + 1) + (v.isEmpty() ? " is missing" : " ('" + v + "') is a constant"
                            + " tensor, where a computed value is expected"));
                }
                if (data.contains(v)) {
                    throw new Refusal("it reads '" + v + "' twice");
                }
                data.add(v);
            } else if (!v.isEmpty()) {
                if (!constants.isConstant(v)) {
                    throw new Refusal("its " + roles[k - count] + " ('" + v + "') is computed in the graph, not a constant");
                }
                parameters.put(v, roles[k - count]);
            }
        }
        if (data.size() < count) {
            throw new Refusal("it has " + data.size() + " inputs, expected " + count);
        }
    }

    private String conv() throws Refusal {
        dataInputs(1, "weight", "bias");
        requireWeights();
        long[] w = constants.dims(op.inputs().get(1));
        if (w.length != 4) {
            throw new Refusal("only 2-D convolutions are supported (weights " + Arrays.toString(w) + ")");
        }
        checkKernel(w);
        out.put("stride", pair(ints("strides", 2, 1)));
        out.put("dilation", pair(ints("dilations", 2, 1)));
        out.put("groups", Long.toString(integer("group", 1)));
        out.put("padding", padding());
        return "conv2d";
    }

    private String convTranspose() throws Refusal {
        dataInputs(1, "weight", "bias");
        requireWeights();
        long[] w = constants.dims(op.inputs().get(1));
        if (w.length != 4) {
            throw new Refusal("only 2-D transposed convolutions are supported (weights " + Arrays.toString(w) + ")");
        }
        checkKernel(w);
        if (op.attributes().containsKey("output_shape")) {
            throw new Refusal("output_shape is not supported (give pads and output_padding)");
        }
        String autoPad = op.attributes().getOrDefault("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.isEmpty()) {
            throw new Refusal("auto_pad " + autoPad + " is not supported for transposed convolutions");
        }
        long[] pads = ints("pads", 4, 0);
        if (pads[0] != pads[2] || pads[1] != pads[3]) {
            throw new Refusal("asymmetric pads " + Arrays.toString(pads) + " are not supported for transposed convolutions");
        }
        out.put("stride", pair(ints("strides", 2, 1)));
        out.put("dilation", pair(ints("dilations", 2, 1)));
        out.put("groups", Long.toString(integer("group", 1)));
        out.put("padding", pair(new long[] { pads[0], pads[1] }));
        out.put("output_padding", pair(ints("output_padding", 2, 0)));
        return "conv_transpose2d";
    }

    private void requireWeights() throws Refusal {
        if (op.inputs().size() < 2 || op.inputs().get(1).isEmpty()) {
            throw new Refusal("it has no weights (input W)");
        }
    }

    private void checkKernel(long[] w) throws Refusal {
        if (op.attributes().containsKey("kernel_shape")) {
            long[] k = ints("kernel_shape", 2, 0);
            if (k[0] != w[2] || k[1] != w[3]) {
                throw new Refusal("kernel_shape " + Arrays.toString(k) + " differs from the weights " + Arrays.toString(w));
            }
        }
    }

    /** ONNX's pads [top, left, bottom, right] or auto_pad as the engine's padding attribute. */
    private String padding() throws Refusal {
        String autoPad = op.attributes().getOrDefault("auto_pad", "NOTSET");
        return switch (autoPad) {
            case "", "NOTSET" -> {
                long[] p = ints("pads", 4, 0);
                for (long v : p) {
                    if (v < 0) {
                        throw new Refusal("negative pads " + Arrays.toString(p));
                    }
                }
                yield "[" + p[0] + ", " + p[1] + ", " + p[2] + ", " + p[3] + "]";
            }
            case "VALID" -> "valid";
            case "SAME_UPPER" -> "same_upper";
            case "SAME_LOWER" -> "same_lower";
            default -> throw new Refusal("auto_pad " + autoPad + " is not an ONNX value");
        };
    }

    private String gemm() throws Refusal {
        dataInputs(1, "weight", "bias");
        if (integer("transA", 0) != 0) {
            throw new Refusal("transA=1 puts the batch on the second axis of the input");
        }
        if (op.inputs().size() < 2) {
            throw new Refusal("it has no weights (input B)");
        }
        long[] b = constants.dims(op.inputs().get(1));
        if (b.length != 2) {
            throw new Refusal("B has shape " + Arrays.toString(b) + ", not a matrix");
        }
        boolean transB = integer("transB", 0) != 0;
        long outputs = transB ? b[0] : b[1];
        if (op.inputs().size() > 2 && !op.inputs().get(2).isEmpty()) {
            requireBias(op.inputs().get(2), outputs, "C");
        }
        out.put("weightLayout", transB ? "outIn" : "inOut");
        out.put("alpha", number("alpha", "1.0"));
        out.put("beta", number("beta", "1.0"));
        return "dense";
    }

    private void requireBias(String value, long outputs, String what) throws Refusal {
        if (!isBias(constants.dims(value), outputs, false)) {
            throw new Refusal(what + " has shape " + Arrays.toString(constants.dims(value)) + ", not one value per output ("
                    + outputs + "); other broadcasts are not supported");
        }
    }

    /**
     * Whether a constant of shape {@code dims} adds one value per output of a dense layer ([n] or
     * [1, n]) or per channel of a convolution ([n, 1, 1] or [1, n, 1, 1]; [n] broadcasts over the
     * width instead and is no bias).
     */
    static boolean isBias(long[] dims, long outputs, boolean channels) {
        if (dims == null) {
            return false;
        }
        long[] d = dims.length > 0 && dims[0] == 1 && dims.length == (channels ? 4 : 2)
                ? Arrays.copyOfRange(dims, 1, dims.length) : dims;
        return channels ? d.length == 3 && d[0] == outputs && d[1] == 1 && d[2] == 1 : d.length == 1 && d[0] == outputs;
    }

    private String matMul() throws Refusal {
        if (op.inputs().size() == 2 && constants.isConstant(op.inputs().get(0))) {
            throw new Refusal("the constant is the left factor (W x), not the weights of x W");
        }
        dataInputs(1, "weight");
        if (op.inputs().size() < 2) {
            throw new Refusal("it multiplies two computed values, not a value by weights");
        }
        long[] w = constants.dims(op.inputs().get(1));
        if (w.length != 2) {
            throw new Refusal("the weights have shape " + Arrays.toString(w) + ", not a matrix");
        }
        out.put("weightLayout", "inOut");
        return "dense";
    }

    private String add() throws Refusal {
        for (String v : op.inputs()) {
            if (constants.isConstant(v)) {
                throw new Refusal("it adds the constant '" + v + "', which is not the bias of a MatMul or a Conv "
                        + "without bias just before it");
            }
        }
        dataInputs(op.inputs().size());
        if (data.size() < 2 && op.opType().equals("Add")) {
            throw new Refusal("it has fewer than two inputs");
        }
        out.put("inputOrder", String.join(",", data)); // replaced by node ids when the graph is built
        return "add";
    }

    private String softmax() throws Refusal {
        dataInputs(1);
        boolean before13 = opset > 0 && opset < 13;
        long axis = integer("axis", before13 ? 1 : -1);
        out.put("dim", Long.toString(axis));
        if (before13) {
            out.put("flattenFromAxis", "true");
        }
        return op.opType().equals("Softmax") ? "softmax" : "logsoftmax";
    }

    private String pool(String type) throws Refusal {
        dataInputs(1);
        long[] kernel = ints("kernel_shape", -1, 0);
        if (kernel.length != 2) {
            throw new Refusal("only 2-D pooling is supported (kernel_shape " + Arrays.toString(kernel) + ")");
        }
        if (integer("ceil_mode", 0) != 0) {
            throw new Refusal("ceil_mode=1 (windows past the end of the input) is not supported");
        }
        long[] dilations = ints("dilations", 2, 1);
        if (dilations[0] != 1 || dilations[1] != 1) {
            throw new Refusal("dilated pooling " + Arrays.toString(dilations) + " is not supported");
        }
        out.put("kernel_size", pair(kernel));
        out.put("stride", pair(ints("strides", 2, 1))); // ONNX's default stride is 1, PyTorch's the kernel
        out.put("padding", padding());
        if (type.equals("avgpool")) {
            out.put("count_include_pad", integer("count_include_pad", 0) != 0 ? "true" : "false");
        }
        return type;
    }

    private String reshape() throws Refusal {
        dataInputs(1, "shape");
        if (op.inputs().size() < 2) {
            throw new Refusal("it has no shape input");
        }
        if (integer("allowzero", 0) != 0) {
            throw new Refusal("allowzero=1 is not supported");
        }
        long[] shape = constants.integers(op.inputs().get(1));
        if (shape == null) {
            throw new Refusal("its target shape ('" + op.inputs().get(1) + "') is not a small integer constant");
        }
        if (shape.length == 0) {
            throw new Refusal("it makes a scalar, which has no batch axis");
        }
        StringBuilder perSample = new StringBuilder("[");
        for (int k = 1; k < shape.length; k++) {
            if (shape[k] == 0) {
                throw new Refusal("its target shape " + Arrays.toString(shape) + " copies an input dimension (0), which is "
                        + "not supported");
            }
            if (shape[0] == -1 && shape[k] == -1) {
                throw new Refusal("its target shape " + Arrays.toString(shape) + " has two -1");
            }
            perSample.append(k > 1 ? ", " : "").append(shape[k]);
        }
        // the first entry is the batch: 0 (copy), -1 (inferred) or the batch size of the export
        out.put("shape", perSample.append(']').toString());
        return "reshape";
    }

    private String batchNorm() throws Refusal {
        dataInputs(1, "weight", "bias", "running_mean", "running_var");
        if (parameters.size() != 4) {
            throw new Refusal("scale, B, mean and var must all be constants");
        }
        if (integer("training_mode", 0) != 0) {
            throw new Refusal("training_mode=1 normalises with the batch's statistics");
        }
        if (integer("spatial", 1) != 1) {
            throw new Refusal("spatial=0 (per-value statistics) is not supported");
        }
        out.put("eps", number("epsilon", "1e-05"));
        return "batchnorm";
    }

    private String concat() throws Refusal {
        for (String v : op.inputs()) {
            if (constants.isConstant(v)) {
                throw new Refusal("it concatenates the constant '" + v + "'");
            }
        }
        dataInputs(op.inputs().size());
        if (!op.attributes().containsKey("axis")) {
            throw new Refusal("it has no axis");
        }
        long axis = integer("axis", 1);
        if (axis == 0) {
            throw new Refusal("it concatenates along the batch axis");
        }
        out.put("axis", Long.toString(axis));
        out.put("inputOrder", String.join(",", data));
        return "concat";
    }

    private String pad() throws Refusal {
        String mode = op.attributes().getOrDefault("mode", "constant");
        if (!mode.equals("constant")) {
            throw new Refusal("mode '" + mode + "' is not supported, only constant zeros");
        }
        long[] pads;
        if (opset > 0 && opset < 11 || op.inputs().size() < 2) {
            dataInputs(1);
            pads = ints("pads", -1, 0);
            if (Double.parseDouble(number("value", "0")) != 0) {
                throw new Refusal("it pads with " + op.attributes().get("value") + ", not zeros");
            }
        } else {
            dataInputs(1, "pads", "constant_value", "axes");
            if (op.inputs().size() > 3 && !op.inputs().get(3).isEmpty()) {
                throw new Refusal("the axes input is not supported");
            }
            pads = constants.integers(op.inputs().get(1));
            if (pads == null) {
                throw new Refusal("its pads are not a small integer constant");
            }
            if (op.inputs().size() > 2 && !op.inputs().get(2).isEmpty()
                    && constants.scalar(op.inputs().get(2)) != 0.0) {
                throw new Refusal("it pads with " + constants.scalar(op.inputs().get(2)) + ", not zeros");
            }
        }
        if (pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0) {
            throw new Refusal("pads " + Arrays.toString(pads) + " are not the height and width of NCHW");
        }
        for (long p : pads) {
            if (p < 0) {
                throw new Refusal("negative pads " + Arrays.toString(pads) + " (a crop) are not supported");
            }
        }
        out.put("padding", "[" + pads[2] + ", " + pads[3] + ", " + pads[6] + ", " + pads[7] + "]");
        return "pad";
    }

    // ---- attributes, as the decoder renders them ("3", "0.5", "[1, 1]", "SAME_UPPER")

    private long integer(String name, long fallback) throws Refusal {
        String v = op.attributes().get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new Refusal("attribute " + name + "='" + v + "' is not an integer");
        }
    }

    private String number(String name, String fallback) throws Refusal {
        String v = op.attributes().get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.toString(Double.parseDouble(v.trim()));
        } catch (NumberFormatException e) {
            throw new Refusal("attribute " + name + "='" + v + "' is not a number");
        }
    }

    /** An integer list; absent: {@code length} copies of {@code fallback} (length -1: required). */
    private long[] ints(String name, int length, long fallback) throws Refusal {
        String v = op.attributes().get(name);
        if (v == null || v.isBlank()) {
            if (length < 0) {
                throw new Refusal("attribute " + name + " is missing");
            }
            long[] d = new long[length];
            Arrays.fill(d, fallback);
            return d;
        }
        if (v.contains("...")) {
            throw new Refusal("attribute " + name + " is too long");
        }
        List<Long> values = new ArrayList<>();
        Matcher m = INTEGER.matcher(v);
        while (m.find()) {
            try {
                values.add(Long.parseLong(m.group()));
            } catch (NumberFormatException e) {
                throw new Refusal("attribute " + name + "=" + v + " holds a number out of range");
            }
        }
        if (length >= 0 && values.size() != length) {
            throw new Refusal("attribute " + name + "=" + v + " has " + values.size() + " values, expected " + length
                    + " (only 2-D windows are supported)");
        }
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static String pair(long[] v) {
        return "[" + v[0] + ", " + v[1] + "]";
    }
}
