"""Turning torch tensors into numpy rows, and deciding which tensors can be recorded at all."""
import numpy as np
import torch


class Unrecordable(Exception):
    """A tensor the format cannot hold; the message says why (shown once in a warning)."""


def check_recordable(tensor, max_bytes, itemsize):
    """Raises Unrecordable for sparse, complex or non-float tensors and for ones whose record
    would exceed max_bytes; returns the record shape (at least one dimension, spec 4.2)."""
    if not isinstance(tensor, torch.Tensor):
        raise Unrecordable("it is a %s, not a tensor" % type(tensor).__name__)
    if tensor.layout != torch.strided:
        raise Unrecordable("its layout is %s (only dense tensors are recorded)" % tensor.layout)
    if tensor.is_complex():
        raise Unrecordable("it is complex (%s)" % tensor.dtype)
    if not tensor.is_floating_point():
        raise Unrecordable("its dtype %s is not a floating point type" % tensor.dtype)
    shape = list(tensor.shape) or [1]
    if 0 in shape:
        raise Unrecordable("it is empty (shape %s)" % (shape,))
    size = int(np.prod(shape)) * itemsize
    if size > max_bytes:
        raise Unrecordable("one record would be %d bytes, above max_tensor_bytes=%d" % (size, max_bytes))
    return shape


def to_numpy(tensor):
    """A float32 CPU copy. The copy matters: the optimizer changes parameters in place before
    the record is written (after optimizer.step)."""
    return tensor.detach().to("cpu", torch.float32, copy=True).numpy()


def row_bytes(array, descr, shape):
    """The bytes of one record in the stored dtype; None (not recorded this time) becomes NaN."""
    if array is None:
        return np.full(shape, np.nan, dtype=descr).tobytes()
    a = np.asarray(array, dtype=descr)
    if list(a.shape or (1,)) != list(shape):
        raise Unrecordable("its shape changed from %s to %s" % (list(shape), list(a.shape)))
    return np.ascontiguousarray(a).tobytes()
