package org.trainscope.recorders.dl4j.demo;

/**
 * How much data a demo run uses. The defaults keep all demo runs together at a few minutes on two
 * cores; the training subset is drawn from the seed, and batch indices always refer to the full
 * training file.
 *
 * @param trainSamples training images used (a seeded subset of the 60,000)
 * @param testSamples  test images for the accuracy metric (the first ones of the test file)
 * @param batchSize    minibatch size
 * @param probeSize    probe images whose activations are recorded (from the test file)
 * @param epochs       passes over the training subset
 */
public record DemoSize(int trainSamples, int testSamples, int batchSize, int probeSize, int epochs) {
    public DemoSize {
        if (trainSamples < 1 || testSamples < 1 || batchSize < 1 || probeSize < 1 || epochs < 1) {
            throw new IllegalArgumentException("every demo size must be >= 1: " + this);
        }
    }

    /** 9,600 training images (150 batches of 64), 2,000 test images, 16 probe images, one epoch. */
    public static DemoSize defaults() {
        return new DemoSize(9600, 2000, 64, 16, 1);
    }

    public int iterationsPerEpoch() {
        return (trainSamples + batchSize - 1) / batchSize;
    }
}
