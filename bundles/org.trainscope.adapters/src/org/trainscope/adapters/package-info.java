/**
 * Data adapters contributed to {@code org.trainscope.core.adapters}: the native trace, ONNX models,
 * TensorBoard event files and loose NumPy arrays, plus the MLP/CNN/VAE/GAN model types. Every
 * {@code open} fails only with an {@link java.io.IOException} whose message names the file;
 * every {@code validate} answers without throwing.
 */
package org.trainscope.adapters;
