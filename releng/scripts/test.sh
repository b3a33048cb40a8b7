#!/usr/bin/env bash
# Runs every TrainScope test: installs what the tests need, starts a virtual display for the
# workbench tests when there is none, runs the full Maven build (./mvnw -B verify), which
# compiles every bundle, runs all Java tests and materializes the product, then the Spark job's
# tests, the Python recorder's tests and its install from a clean virtual environment.
# Extra arguments go to Maven (e.g. -o for offline).
set -euo pipefail
cd "$(dirname "$0")/../.."
releng/scripts/install-deps.sh
xvfb_pid=""
if [ -z "${DISPLAY:-}" ]; then
  display=$(( 90 + RANDOM % 400 ))
  while [ -e "/tmp/.X11-unix/X$display" ]; do display=$((display + 1)); done
  Xvfb ":$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  trap '[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true' EXIT
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done
  export DISPLAY=":$display"
fi
./mvnw -B verify "$@"
# The Spark trace reduction (distributed/: a plain Maven project outside the product's reactor, so
# Spark never enters the product; the first run downloads Spark from Maven Central): its tests in
# Spark local mode, its archive and a run of the archive's launcher (docs/scale-out.md).
./mvnw -B -f distributed/pom.xml verify "$@"
# Spark has its own archive and never enters the product's.
for product in releng/org.trainscope.product/target/products/trainscope-*.tar.gz; do
  # grep -c reads the whole listing (grep -q would stop early, and pipefail would see tar's SIGPIPE)
  if [ "$(tar tzf "$product" | grep -c -e 'spark-core_' -e 'org/apache/spark/' || true)" != 0 ]; then
    echo "test.sh: $product contains Spark" >&2
    exit 1
  fi
done
# The PyTorch recorder's own tests (real training with Debian's python3-torch).
/usr/bin/python3 -m pytest -q -p no:cacheprovider recorders/python/tests
# The recorder's README install lines, run as printed into a clean virtual environment (one line).
recorders/python/tests/check_install.sh
