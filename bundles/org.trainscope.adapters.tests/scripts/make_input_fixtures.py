"""Writes the user-input fixtures of InputSetsTest into the folder given as argument, with numpy
(and torch for the bilinear reference), and the values the Java loader must produce as .npy files
named expected_*.npy. PNGs are written by hand (zlib + struct): no PIL on the build machine."""
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(7)


def png(path, pixels):
    """pixels: uint8 [H, W] (grey) or [H, W, 3] (RGB)."""
    h, w = pixels.shape[:2]
    colour = 0 if pixels.ndim == 2 else 2
    raw = b"".join(b"\x00" + pixels[y].tobytes() for y in range(h))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, colour, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


# arrays: a float64 batch [3, 1, 4, 4] with NaN and Inf (data, kept), the same as flat rows, an npz
x = rng.normal(size=(3, 1, 4, 4))
x[0, 0, 1, 2] = np.nan
x[2, 0, 3, 3] = np.inf
np.save(out / "batch.npy", x)
np.save(out / "rows.npy", x.reshape(3, 16).astype(np.float32))
np.save(out / "one.npy", x[1, 0].astype(np.float32))  # one input [4, 4] without the batch axis
np.savez(out / "pair.npz", x=x.astype(">f4"), y=np.arange(3))
np.savez(out / "ambiguous.npz", a=x, b=x)
np.save(out / "int16.npy", np.arange(32, dtype="<i2").reshape(2, 16))
np.save(out / "expected_batch.npy", x.astype(np.float32))
np.save(out / "wrong.npy", np.zeros((3, 5), dtype=np.float32))
np.save(out / "complex.npy", np.zeros((2, 16), dtype=np.complex64))
data = (out / "batch.npy").read_bytes()
(out / "truncated.npy").write_bytes(data[: len(data) - 40])
(out / "notanimage.png").write_text("this is a text file, not a PNG\n")

# a folder of grey PNGs at the network's size (4x4): pixel/255, then (x - 0.5) / 0.25
grey = out / "grey"
grey.mkdir(exist_ok=True)
g = rng.integers(0, 256, size=(2, 4, 4), dtype=np.uint8)
for i in range(2):
    png(grey / f"img{i}.png", g[i])
np.save(out / "expected_grey.npy", ((g.astype(np.float32) / 255 - 0.5) / 0.25).reshape(2, 1, 4, 4))

# a folder of RGB PNGs of 6x6 resized to 4x4 (bilinear, pixel centres) with per-channel mean/std
rgb = out / "rgb"
rgb.mkdir(exist_ok=True)
c = rng.integers(0, 256, size=(3, 6, 6, 3), dtype=np.uint8)
for i in range(3):
    png(rgb / f"{i:02d}.png", c[i])
t = torch.from_numpy(c.astype(np.float32) / 255).permute(0, 3, 1, 2)
r = F.interpolate(t, size=(4, 4), mode="bilinear", align_corners=False, antialias=False)
mean = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
std = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)
np.save(out / "expected_rgb.npy", ((r - mean) / std).numpy())
