package org.trainscope.recorders.dl4j.demo;

/** The demo runs on Fashion-MNIST. Each records into {@code <outDir>/<directoryName>}. */
public enum DemoKind {
    /** conv16-pool-conv32-pool-dense64-softmax, in the spirit of CNNVis's BaseCNN. */
    CNN("cnn", "CNN (conv16-pool-conv32-pool-dense64)"),
    /** One convolution block fewer. */
    CNN_SHALLOW("cnn-shallow", "CNN, shallower (conv16-pool-dense64)"),
    /** One convolution block more. */
    CNN_DEEP("cnn-deep", "CNN, deeper (conv16-pool-conv32-pool-conv64(3x3)-pool-dense64)"),
    /** Half the filters and units. */
    CNN_NARROW("cnn-narrow", "CNN, narrower (conv8-pool-conv16-pool-dense32)"),
    /** Twice the filters and units. */
    CNN_WIDE("cnn-wide", "CNN, wider (conv32-pool-conv64-pool-dense128)"),
    /**
     * The deeper CNN with sigmoid activations, small uniform initial weights and plain SGD 0.05: the
     * gradient shrinks at every layer on its way back, the first layers get almost none, and the loss
     * stays at ln 10.
     */
    CNN_STALLED("cnn-stalled", "CNN that does not converge (deeper CNN, sigmoid, plain SGD: gradients vanish)"),
    /** The same network and SGD with ReLU and He initialisation: gradients reach the first layers and it trains. */
    CNN_STALLED_FIXED("cnn-stalled-fixed", "CNN that does not converge, fixed (same net and SGD, ReLU + He init)"),
    /** Gaussian reconstruction, Adam 1e-2, no clipping: the score turns infinite and training stops. */
    VAE_UNSTABLE("vae-unstable", "VAE that fails (Adam 1e-2, no gradient clipping)"),
    /** The same VAE with Adam 1e-3 and element-wise gradient clipping at 1: trains smoothly. */
    VAE_FIXED("vae-fixed", "VAE, fixed (Adam 1e-3, gradient clipping at 1.0)"),
    /** 784-128-64-10 ReLU MLP that trains. */
    MLP("mlp", "MLP (784-128-64-10)"),
    /** The same MLP with biases initialised to -10: dead ReLUs, the loss stays at ln 10. */
    MLP_DEAD_RELU("mlp-dead-relu", "MLP that gets stuck (biases -10, dead ReLUs)"),
    /** MLP GAN (noise 64 -> 128 -> 256 -> 784 images; 784 -> 256 -> 64 -> 1), two Adam 5e-4 (beta1 0.5): trains. */
    GAN("gan", "GAN (MLP generator and discriminator, two Adam optimizers)"),
    /**
     * The same GAN with a discriminator trained by plain SGD at a learning rate far too large: its
     * weights blow up within a few iterations (still finite, then Inf and NaN) and training stops.
     */
    GAN_UNSTABLE("gan-unstable", "GAN that fails (discriminator SGD learning rate far too large)");

    private final String directoryName;
    private final String label;

    DemoKind(String directoryName, String label) {
        this.directoryName = directoryName;
        this.label = label;
    }

    /** The trace directory's name inside the output directory. */
    public String directoryName() {
        return directoryName;
    }

    /** A human-readable description for progress dialogs and run names. */
    public String label() {
        return label;
    }

    public boolean isGan() {
        return this == GAN || this == GAN_UNSTABLE;
    }

    public boolean isVae() {
        return this == VAE_UNSTABLE || this == VAE_FIXED;
    }
}
