"""Minimal npy (version 1.0) headers, as docs/trace-format.md section 6 allows them.

We write headers ourselves instead of using numpy.save because a chunk is created with a
*capacity* header and later rewritten in place with the final record count (spec 5.1); that only
works if both headers have exactly the same length, which numpy.save does not promise.
"""
import struct

MAGIC = b"\x93NUMPY\x01\x00"
ALIGN = 64  # numpy's own alignment rule for the start of the data


def _dict_text(descr, shape):
    dims = "".join("%d, " % int(s) for s in shape)
    return "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (descr, dims)


def header_length_for(descr, shape):
    """Total header bytes (magic to the final newline) for `shape`, rounded up to ALIGN."""
    needed = len(MAGIC) + 2 + len(_dict_text(descr, shape)) + 1
    return -(-needed // ALIGN) * ALIGN


def npy_header(descr, shape, total):
    """A version 1.0 header that is exactly `total` bytes long (padded with spaces, ends in \\n)."""
    text = _dict_text(descr, shape)
    body_len = total - len(MAGIC) - 2
    if len(text) + 1 > body_len or body_len > 0xFFFF:
        raise ValueError("npy header for shape %r does not fit in %d bytes" % (shape, total))
    body = text + " " * (body_len - len(text) - 1) + "\n"
    return MAGIC + struct.pack("<H", body_len) + body.encode("ascii")


def npy_bytes(array):
    """A complete npy file for a C-contiguous little-endian array (static arrays, spec 4.5)."""
    total = header_length_for(array.dtype.str, array.shape)
    return npy_header(array.dtype.str, array.shape, total) + array.tobytes(order="C")
