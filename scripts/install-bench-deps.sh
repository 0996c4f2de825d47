#!/usr/bin/env bash
# Peers the benchmark measures iisguard against, from Debian: parallel-ssh, and GNU time for its
# peak RSS. (Ansible is not measured yet.) Installs only what is missing; needs root then.
set -euo pipefail
missing=()
command -v parallel-ssh >/dev/null || missing+=(pssh)
[ -x /usr/bin/time ] || missing+=(time)
exec "$(dirname "$0")/apt-install-missing.sh" "the benchmark" ${missing[@]+"${missing[@]}"}
