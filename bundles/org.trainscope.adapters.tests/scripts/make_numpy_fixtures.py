"""Writes the .npy/.npz fixtures of NumpyRunAdapterTest into ../data/numpy (needs numpy only).

Run from the bundle directory:  python3 scripts/make_numpy_fixtures.py
"""
import io
import os
import zipfile

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "numpy")
os.makedirs(OUT, exist_ok=True)

# 4 records of 2x3 float32, with NaN, +Inf, -Inf, -0.0 and a NaN with a payload as data
acts = np.arange(24, dtype=np.float32).reshape(4, 2, 3) * 0.5 - 3
acts[1, 0, 0] = np.nan
acts[1, 0, 1] = np.inf
acts[1, 0, 2] = -np.inf
acts[2, 1, 2] = -0.0
acts.view(np.uint32)[3, 1, 1] = 0x7FC00123  # NaN with payload
np.save(os.path.join(OUT, "activations.npy"), acts)

np.save(os.path.join(OUT, "vector_f64.npy"), np.array([1.5, -2.25, 1e300], dtype=np.float64))
np.save(os.path.join(OUT, "bigendian_i4.npy"), np.array([[1, -2], [3, 40000]], dtype=">i4"))
np.save(os.path.join(OUT, "half.npy"), np.array([[0.5, -1.0, 65504.0]], dtype=np.float16))
np.save(os.path.join(OUT, "scalar_u1.npy"), np.uint8(200))
np.save(os.path.join(OUT, "fortran.npy"), np.asfortranarray(np.ones((3, 2), dtype=np.float32)))

np.savez(os.path.join(OUT, "arrays.npz"), weights=np.eye(3, dtype=np.float32), bias=np.array([1, 2, 3], dtype=np.int64))
np.savez_compressed(os.path.join(OUT, "compressed.npz"), grads=np.linspace(-1, 1, 12, dtype=np.float32).reshape(3, 4))

# A zip bomb: one entry that declares a small array header but inflates to 300 MiB of zeros.
header = b"\x93NUMPY\x01\x00"
d = "{'descr': '<f4', 'fortran_order': False, 'shape': (78643200,), }"
d = d + " " * (118 - len(d) - 1) + "\n"
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
    with z.open("bomb.npy", "w") as f:
        f.write(header + len(d).to_bytes(2, "little") + d.encode())
        chunk = bytes(1 << 20)
        for _ in range(300):
            f.write(chunk)
with open(os.path.join(OUT, "bomb.npz"), "wb") as f:
    f.write(buf.getvalue())

# The same bomb lying about its size: both headers claim 1000 uncompressed bytes.
lying = bytearray(buf.getvalue())
lying[22:26] = (1000).to_bytes(4, "little")            # local file header
cd = lying.rfind(b"PK\x01\x02")
lying[cd + 24:cd + 28] = (1000).to_bytes(4, "little")  # central directory entry
with open(os.path.join(OUT, "bomb_lying.npz"), "wb") as f:
    f.write(bytes(lying))

# A header that claims a 2^40-element tensor over 16 data bytes.
d = "{'descr': '<f4', 'fortran_order': False, 'shape': (1048576, 1048576), }"
d = d + " " * (118 - len(d) - 1) + "\n"
with open(os.path.join(OUT, "huge_claim.npy"), "wb") as f:
    f.write(header + len(d).to_bytes(2, "little") + d.encode() + bytes(16))

with open(os.path.join(OUT, "activations.npy"), "rb") as f:
    good = f.read()
with open(os.path.join(OUT, "truncated.npy"), "wb") as f:
    f.write(good[:-7])
with open(os.path.join(OUT, "wrong_magic.npy"), "wb") as f:
    f.write(b"\x93NUMPZ" + good[6:])
with open(os.path.join(OUT, "bad_header_type.npy"), "wb") as f:
    f.write(good.replace(b"'fortran_order': False", b"'fortran_order': 'no' ", 1))
print("wrote", sorted(os.listdir(OUT)))
