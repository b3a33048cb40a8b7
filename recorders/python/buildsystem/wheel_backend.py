"""A PEP 517 build backend for trainscope-recorder that writes nothing into the source folder.

setuptools builds in the source tree (build/, *.egg-info) and needs a setuptools that pip may
have to download; this backend needs only the standard library, so an offline
`pip install recorders/python` works with any Python 3.8+ and leaves the checkout untouched.
It packs the pure-Python package trainscope_recorder with the metadata of pyproject.toml's
[project] table into a wheel (also an editable one, PEP 660) or an sdist.
"""
import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PACKAGE = "trainscope_recorder"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # fixed: the same sources give the same wheel


def _project():
    """name, version, description, readme, requires-python and dependencies of [project]."""
    with open(os.path.join(ROOT, "pyproject.toml"), "rb") as f:
        text = f.read().decode("utf-8")
    try:
        import tomllib  # Python 3.11+
        return tomllib.loads(text)["project"]
    except ImportError:  # older Pythons: the simple key = "string" / ["list"] lines this file uses
        table = re.search(r"^\[project\]\s*$(.*?)(?=^\[|\Z)", text, re.M | re.S).group(1)
        out = {}
        for key, value in re.findall(r'^([A-Za-z-]+)\s*=\s*(".*?"|\[.*?\])\s*$', table, re.M | re.S):
            out[key] = re.findall(r'"(.*?)"', value) if value.startswith("[") else value[1:-1]
        return out


def _metadata():
    p = _project()
    lines = ["Metadata-Version: 2.1", "Name: " + p["name"], "Version: " + p["version"]]
    if p.get("description"):
        lines.append("Summary: " + p["description"])
    if p.get("requires-python"):
        lines.append("Requires-Python: " + p["requires-python"])
    lines += ["Requires-Dist: " + d for d in p.get("dependencies", [])]
    body = ""
    if p.get("readme"):
        lines.append("Description-Content-Type: text/markdown")
        with open(os.path.join(ROOT, p["readme"]), encoding="utf-8") as f:
            body = f.read()
    return ("\n".join(lines) + "\n\n" + body).encode("utf-8")


def _names():
    p = _project()
    dist = re.sub(r"[-_.]+", "_", p["name"]).lower()
    return dist, p["version"], "%s-%s.dist-info" % (dist, p["version"])


def _package_files():
    """(path in the archive, path on disk) of every .py file of the package."""
    for folder, dirs, files in os.walk(os.path.join(ROOT, PACKAGE)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(folder, name)
                yield os.path.relpath(path, ROOT).replace(os.sep, "/"), path


def _write_wheel(wheel_directory, members):
    """members: [(archive path, bytes)]; adds the dist-info files and the RECORD."""
    dist, version, info = _names()
    members = list(members) + [
        (info + "/METADATA", _metadata()),
        (info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: trainscope wheel_backend\nRoot-Is-Purelib: true\n"
                          b"Tag: py3-none-any\n"),
    ]
    record = []
    for name, data in members:
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
        record.append("%s,sha256=%s,%d" % (name, digest, len(data)))
    record.append(info + "/RECORD,,")
    members.append((info + "/RECORD", ("\n".join(record) + "\n").encode("utf-8")))
    filename = "%s-%s-py3-none-any.whl" % (dist, version)
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            entry = zipfile.ZipInfo(name, ZIP_DATE)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(entry, data)
    return filename


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    _, _, info = _names()
    os.makedirs(os.path.join(metadata_directory, info), exist_ok=True)
    with open(os.path.join(metadata_directory, info, "METADATA"), "wb") as f:
        f.write(_metadata())
    return info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _write_wheel(wheel_directory, [(name, _read(path)) for name, path in _package_files()])


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """A wheel holding only a .pth file that puts this source folder on sys.path."""
    return _write_wheel(wheel_directory, [("%s.pth" % PACKAGE, (ROOT + "\n").encode("utf-8"))])


def build_sdist(sdist_directory, config_settings=None):
    dist, version, _ = _names()
    base = "%s-%s" % (dist, version)
    files = [("pyproject.toml", os.path.join(ROOT, "pyproject.toml")), ("README.md", os.path.join(ROOT, "README.md")),
             ("buildsystem/wheel_backend.py", os.path.abspath(__file__))] + list(_package_files())
    filename = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for name, data in [("PKG-INFO", _metadata())] + [(n, _read(p)) for n, p in files]:
            entry = tarfile.TarInfo(base + "/" + name)
            entry.size, entry.mode, entry.mtime = len(data), 0o644, 315532800
            tar.addfile(entry, io.BytesIO(data))
    return filename
