package org.trainscope.compute;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.math.Kernels;
import org.trainscope.core.math.MatrixAccelerator;

/**
 * The kernels on ND4J (OpenBLAS underneath), for inputs large enough that its per-call cost is
 * paid back. Contributed to {@code org.trainscope.core.kernels}; callers go through
 * {@link Kernels}, which picks the path by size.
 */
public final class Nd4jAccelerator implements MatrixAccelerator {
    @Override
    public boolean isAvailable() {
        return Nd4jRuntime.isAvailable();
    }

    static INDArray toNd(FloatMatrix m) {
        return Nd4j.create(m.data(), new long[] { m.rows(), m.cols() }, DataType.FLOAT);
    }

    static FloatMatrix fromNd(INDArray a) {
        long[] shape = a.shape();
        return new FloatMatrix((int) shape[0], (int) shape[1], a.dup('c').data().asFloat());
    }

    @Override
    public FloatMatrix multiply(FloatMatrix a, FloatMatrix b) {
        Kernels.checkInner(a, b);
        Nd4jRuntime.require();
        return fromNd(toNd(a).mmul(toNd(b)));
    }

    @Override
    public float[] rowSums(FloatMatrix m) {
        Nd4jRuntime.require();
        return toNd(m).sum(1).toFloatVector();
    }

    @Override
    public float[] columnSums(FloatMatrix m) {
        Nd4jRuntime.require();
        return toNd(m).sum(0).toFloatVector();
    }

    /** ||a_i||^2 + ||b_j||^2 - 2 a_i.b_j, clamped at zero against rounding. */
    @Override
    public FloatMatrix pairwiseSquaredDistances(FloatMatrix a, FloatMatrix b) {
        Kernels.checkSameWidth(a, b);
        Nd4jRuntime.require();
        INDArray na = toNd(a);
        INDArray nb = toNd(b);
        INDArray aa = na.mul(na).sum(1).reshape(a.rows(), 1);
        INDArray bb = nb.mul(nb).sum(1).reshape(1, b.rows());
        INDArray cross = na.mmul(nb.transpose()).muli(-2f);
        INDArray d = cross.addiColumnVector(aa).addiRowVector(bb);
        return fromNd(Transforms.max(d, 0.0, false));
    }
}
