#!/usr/bin/env bash
# Installs the Debian packages named as arguments (the callers pass only missing ones); needs root.
# Usage: apt-install-missing.sh <what needs them> <package>...
set -euo pipefail
what=$1; shift
[ $# -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "$what needs Debian packages: $* (run as root, or: sudo apt-get install $*)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$@" >/dev/null
