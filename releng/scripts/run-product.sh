#!/usr/bin/env bash
# Builds TrainScope (without running the tests) and starts the product for linux gtk x86_64.
# Installs GTK 3 (and Fashion-MNIST for the demo runs) first when missing. Arguments go to the
# product (e.g. -data DIR).
set -euo pipefail
cd "$(dirname "$0")/../.."
releng/scripts/install-deps.sh --runtime
product=releng/org.trainscope.product/target/products/org.trainscope.product/linux/gtk/x86_64/trainscope
if [ ! -x "$product/trainscope" ] || [ "${TRAINSCOPE_REBUILD:-1}" = 1 ]; then
  ./mvnw -B -q verify -DskipTests
fi
exec "$product/trainscope" "$@"
