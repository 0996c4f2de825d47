#!/usr/bin/env bash
# Peers the benchmark measures iisguard against, from Debian: parallel-ssh, and GNU time for its
# peak RSS. (Ansible is not measured yet.) Installs only what is missing; needs root then.
set -euo pipefail
missing=()
command -v parallel-ssh >/dev/null || missing+=(pssh)
[ -x /usr/bin/time ] || missing+=(time)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "the benchmark needs Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
