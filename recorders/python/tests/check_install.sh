#!/usr/bin/env bash
# Runs the install lines of recorders/python/README.md as printed, into a clean virtual
# environment, records a tiny run with the installed package and reads it back, and checks that
# the install wrote nothing into the source folder. Prints one line; exits non-zero on failure.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
listing() { (cd "$here" && find . -path ./tests -prune -o -print | grep -v __pycache__ | sort); }
before=$(listing)
# the ```sh block under "## Install", with the environment in a temporary folder
commands=$(awk '/^## Install/{s=1} s&&/^```sh/{b=1;next} b&&/^```/{exit} b' "$here/README.md" \
           | sed "s#~/.venvs/trainscope#$tmp/venv#g")
[ -n "$commands" ] || { echo "check_install: no install block in README.md" >&2; exit 1; }
(cd "$repo" && bash -euo pipefail -c "$commands") >"$tmp/install.log" 2>&1 || { cat "$tmp/install.log" >&2; exit 1; }
[ "$before" = "$(listing)" ] || { echo "check_install: the install wrote into $here:" >&2; diff <(echo "$before") <(listing) >&2; exit 1; }
cd "$tmp"  # away from the checkout: the import must find the installed package
"$tmp/venv/bin/python" - <<'PY'
import json, os, torch, torch.nn as nn, trainscope_recorder
from trainscope_recorder import TraceRecorder, RecordingConfig
assert "/venv/" in trainscope_recorder.__file__, trainscope_recorder.__file__
model = nn.Sequential(nn.Linear(4, 3))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
x = torch.randn(8, 4)
with TraceRecorder("run", model, opt, probe_inputs=x[:2], config=RecordingConfig(weights_every=2)) as rec:
    for _ in range(3):
        loss = model(x).pow(2).mean(); opt.zero_grad(); loss.backward(); rec.step(loss); opt.step()
lines = [json.loads(l) for l in open("run/journal.jsonl")]
assert [l.get("iteration") for l in lines] == [0, 1, 2, None] and lines[-1] == {"end": True, "records": 3}
assert os.path.isfile("run/every-2/manifest.json")
print("check_install: README install into a clean venv, trainscope_recorder %s recorded %d iterations"
      % (trainscope_recorder.__version__, len(lines) - 1))
PY
