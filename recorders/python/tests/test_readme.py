"""The README's usage example must run as printed."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def test_readme_example_runs(tmp_path):
    with open(os.path.join(HERE, "..", "README.md"), encoding="utf-8") as f:
        example = re.search(r"```python\n(.*?)```", f.read(), re.S).group(1)
    env = dict(os.environ, PYTHONPATH=os.path.dirname(HERE))
    subprocess.run([sys.executable, "-c", example], cwd=str(tmp_path), env=env, check=True, timeout=120)
    for sub in ("", "every-5", "every-10"):
        assert (tmp_path / "runs" / "mlp" / sub / "manifest.json").is_file()
