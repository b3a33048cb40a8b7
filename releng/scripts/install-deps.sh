#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages that building, testing and running TrainScope need:
# GTK 3 for SWT, Xvfb for the workbench tests on a machine without a display, and Python with
# numpy and PyTorch for the cross-language trace and recorder tests. Uses sudo when not root.
# Skips apt entirely when everything is already there.
set -euo pipefail
packages=(libgtk-3-0 xvfb xauth python3 python3-numpy python3-torch python3-pytest dataset-fashion-mnist unzip)
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
