#!/usr/bin/env bash
# Installs Apertium APy with the English<->Spanish and Spanish<->Portuguese pairs from Debian's
# packages, so the translation tests and benchmarks can run against a real, self-hosted engine.
# Idempotent: does nothing when apertium-apy is already on PATH. Needs root (apt-get); as a
# normal user it only says what is missing and fails, so a test run never half-works silently.
set -euo pipefail

PACKAGES=(apertium-apy apertium-eng-spa apertium-es-pt)

if command -v apertium-apy >/dev/null 2>&1 \
  && [ -d /usr/share/apertium/apertium-eng-spa ] && [ -d /usr/share/apertium/apertium-es-pt ]; then
  echo "apertium: already installed ($(command -v apertium-apy))"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "apertium: missing; run as root or: sudo apt-get install -y ${PACKAGES[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists yet; refresh them only when the install would fail.
if ! apt-get install -y --no-install-recommends "${PACKAGES[@]}"; then
  apt-get update
  apt-get install -y --no-install-recommends "${PACKAGES[@]}"
fi
echo "apertium: installed $(dpkg-query -W -f='${Package} ${Version}\n' "${PACKAGES[@]}" | tr '\n' ' ')"
