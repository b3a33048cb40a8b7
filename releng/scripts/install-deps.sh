#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages TrainScope needs. Uses sudo when not root; skips apt
# entirely when everything is already there.
#   install-deps.sh            for building and testing: GTK 3 for SWT, Xvfb for the workbench
#                              tests on a machine without a display, Python with numpy, PyTorch
#                              and pytest for the recorder and cross-language tests, python3-venv
#                              for its install check, Fashion-MNIST
#   install-deps.sh --runtime  for running the product: GTK 3 and Fashion-MNIST (demo runs)
set -euo pipefail
packages=(libgtk-3-0 dataset-fashion-mnist unzip)
if [ "${1:-}" != "--runtime" ]; then
  packages+=(xvfb xauth python3 python3-numpy python3-torch python3-pytest python3-venv)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
