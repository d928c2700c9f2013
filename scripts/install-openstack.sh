#!/usr/bin/env bash
# Installs the real OpenStack services the test suite runs on loopback, from Debian 12's own
# packages: Glance (the Image API v2 NHN Cloud serves) and Swift with its S3 layer (what NHN
# Object Storage runs). Idempotent: installs only what is missing. Needs root and apt-get.
set -euo pipefail

PACKAGES=(
  glance-api python3-glance
  swift swift-proxy swift-account swift-container swift-object python3-swift
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-openstack: Glance and Swift are installed"
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "install-openstack: cannot install ${missing[*]}: needs root and apt-get" >&2
  exit 1
fi

echo "install-openstack: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# No recommends: the services run as plain processes here, never through systemd or apache.
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-openstack: done"
