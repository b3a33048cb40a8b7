"""Modules whose meaning the recorder needs to know: a random variable and a GAN's two networks."""
import torch
import torch.nn as nn


class GaussianSample(nn.Module):
    """z = mu + exp(logvar / 2) * eps with eps ~ N(0, I): the reparameterised sample of a VAE's
    latent variable. The recorder shows it as a random-variable node (op "normal") whose inputs
    are mu and logvar, in that order, so give it the outputs of two modules (e.g. two Linear
    heads), not two halves of one tensor split by functional code.

    Outside the recorder it draws fresh noise at every call. During the recorder's probe forward
    `fixed_noise` holds the probe noise (the recorder sets and clears it), so the recorded z
    changes between records only because the network changed.
    """

    def __init__(self):
        super().__init__()
        self.fixed_noise = None

    def forward(self, mu, logvar):
        eps = self.fixed_noise if self.fixed_noise is not None else torch.randn_like(mu)
        return mu + torch.exp(0.5 * logvar) * eps


class GanPair(nn.Module):
    """A generator and a discriminator recorded as one model: forward(z) = discriminator(generator(z)).

    Recording the pair (with a fixed noise batch as probe inputs) puts the data flow from the
    generator's output into the discriminator in the trace; the layer groups are "generator" and
    "discriminator" and the model type is "gan". `noise` names the distribution the latent input
    is drawn from ("normal" or "uniform"): the trace's input node is a random variable of that
    op. Train the two networks as usual (each with its own optimizer); the pair's forward only
    serves the recorder's probe pass.
    """

    def __init__(self, generator, discriminator, noise="normal"):
        super().__init__()
        if noise not in ("normal", "uniform"):
            raise ValueError("noise must be \"normal\" or \"uniform\", got %r" % (noise,))
        self.generator = generator
        self.discriminator = discriminator
        self.noise = noise

    def forward(self, z):
        return self.discriminator(self.generator(z))
