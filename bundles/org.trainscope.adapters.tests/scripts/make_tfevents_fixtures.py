"""Writes the TensorBoard fixtures of TensorBoardRunAdapterTest into ../data/tensorboard.

Needs nothing but the Python standard library: the TFRecord framing, CRC-32C and the few protobuf
messages (tensorboard event.proto, summary.proto, tensor.proto) are encoded by hand, following
the public specifications, because Debian's python3-torch lacks the `tensorboard` package that
torch.utils.tensorboard needs. Run from the bundle directory:
    python3 scripts/make_tfevents_fixtures.py
"""
import math
import os
import struct

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "tensorboard")


def _crc32c_table():
    table = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


TABLE = _crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    for b in data:
        c = TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def masked(data):
    c = crc32c(data)
    return ((((c >> 15) | (c << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


def record(payload):
    length = struct.pack("<Q", len(payload))
    return length + struct.pack("<I", masked(length)) + payload + struct.pack("<I", masked(payload))


def varint(v):
    v &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = v & 0x7F
        v >>= 7
        if v:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(field, wire):
    return varint(field << 3 | wire)


def f_varint(field, v):
    return key(field, 0) + varint(v)


def f_double(field, v):
    return key(field, 1) + struct.pack("<d", v)


def f_float(field, v):
    return key(field, 5) + struct.pack("<f", v)


def f_bytes(field, b):
    return key(field, 2) + varint(len(b)) + b


def f_string(field, s):
    return f_bytes(field, s.encode("utf-8"))


def event(step, wall, summary_values=None, file_version=None):
    b = f_double(1, wall) + f_varint(2, step)
    if file_version is not None:
        b += f_string(3, file_version)
    if summary_values is not None:
        b += f_bytes(5, b"".join(f_bytes(1, v) for v in summary_values))
    return b


def plugin_metadata(name):
    return f_bytes(9, f_bytes(1, f_string(1, name)))


def simple_value(tag, v):
    return f_string(1, tag) + f_float(2, v)


def histo(tag, values, limits):
    counts = [0.0] * len(limits)
    for x in values:
        for i, lim in enumerate(limits):
            if x <= lim:
                counts[i] += 1
                break
    h = (f_double(1, min(values)) + f_double(2, max(values)) + f_double(3, float(len(values)))
         + f_double(4, sum(values)) + f_double(5, sum(x * x for x in values))
         + f_bytes(6, b"".join(struct.pack("<d", x) for x in limits))
         + f_bytes(7, b"".join(struct.pack("<d", x) for x in counts)))
    return f_string(1, tag) + f_bytes(5, h)


def tensor_scalar(tag, v, first, as_content):
    shape = b""  # rank 0: TensorShapeProto without dims
    t = f_varint(1, 1) + f_bytes(2, shape)
    t += f_bytes(4, struct.pack("<f", v)) if as_content else f_bytes(5, struct.pack("<f", v))
    value = f_string(1, tag) + f_bytes(8, t)
    return value + plugin_metadata("scalars") if first else value


def tensor_histogram(tag, rows, first):
    shape = f_bytes(2, f_varint(1, len(rows))) + f_bytes(2, f_varint(1, 3))
    content = b"".join(struct.pack("<d", x) for row in rows for x in row)
    t = f_varint(1, 2) + f_bytes(2, shape) + f_bytes(4, content)
    value = f_string(1, tag) + f_bytes(8, t)
    return value + plugin_metadata("histograms") if first else value


def image(tag):
    return f_string(1, tag) + f_bytes(4, f_varint(1, 1) + f_varint(2, 1))


def good_events():
    events = [event(0, 1700000000.0, file_version="brain.Event:2")]
    losses = {0: 2.5, 10: 1.25, 20: float("nan"), 30: float("inf"), 40: 0.5}
    for i, step in enumerate(sorted(losses)):
        values = [simple_value("loss", losses[step]),
                  tensor_scalar("accuracy", 0.1 * (i + 1), i == 0, as_content=(i % 2 == 1)),
                  histo("fc1/weight", [-1.0 + 0.1 * i, -0.5, 0.0, 0.25 * (i + 1), 1.0 + i], [-0.75, 0.0, 0.5, 1.0, 1e12]),
                  tensor_histogram("fc1/grad", [(-1.0, 0.0, 2.0 + i), (0.0, 1.0, 3.0)], i == 0)]
        if i == 0:
            values.append(image("samples"))
        events.append(event(step, 1700000000.0 + step, values))
    return events


def main():
    os.makedirs(os.path.join(OUT, "logdir", "train"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "logdir", "eval"), exist_ok=True)
    good = b"".join(record(e) for e in good_events())
    name = "events.out.tfevents.1700000000.host.1.0"
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(good)
    # a log folder: one run per sub-folder
    with open(os.path.join(OUT, "logdir", "train", name), "wb") as f:
        f.write(good)
    with open(os.path.join(OUT, "logdir", "eval", "events.out.tfevents.1700000001.host.2.0"), "wb") as f:
        f.write(record(event(5, 1.0, [simple_value("loss", 3.0)])))
    # the writer is still running: the last record is cut in the middle
    with open(os.path.join(OUT, "truncated.tfevents.1"), "wb") as f:
        f.write(good[:-9])
    # a bit flipped inside record 2's data
    records = [record(e) for e in good_events()]
    damaged = bytearray(b"".join(records))
    offset_2 = len(records[0]) + len(records[1])
    damaged[offset_2 + 12 + 5] ^= 0x01
    with open(os.path.join(OUT, "crc_mismatch.tfevents.1"), "wb") as f:
        f.write(bytes(damaged))
    # a valid frame around bytes that are not an Event (wire type 7 does not exist)
    with open(os.path.join(OUT, "not_an_event.tfevents.1"), "wb") as f:
        f.write(records[0] + record(b"\x0f\x01\x02\x03"))
    # the "string" tag field of the loss value holds a varint instead (field of the wrong type)
    wrong = event(1, 1.0) + f_bytes(5, f_bytes(1, f_varint(1, 7) + f_float(2, 1.0)))
    with open(os.path.join(OUT, "wrong_type.tfevents.1"), "wb") as f:
        f.write(records[0] + record(wrong))
    with open(os.path.join(OUT, "garbage.tfevents.1"), "wb") as f:
        f.write(b"this is not a TFRecord file at all, just text.\n" * 4)
    print("wrote", sorted(os.listdir(OUT)))


if __name__ == "__main__":
    assert masked(b"") is not None and crc32c(b"123456789") == 0xE3069283  # the CRC-32C check value
    main()
