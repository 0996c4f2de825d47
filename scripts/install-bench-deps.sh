#!/usr/bin/env bash
# Peers the benchmark measures iisguard against: from Debian, Ansible (ansible-core), parallel-ssh,
# GoAccess (the log analyzer `iisguard logs` is measured against) and GNU time (for peak RSS); from npm, Pulumi's AWSGuard policy pack in bench/peers/awsguard (its
# own lock file, kept out of iisguard's dependencies). Installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v ansible >/dev/null || missing+=(ansible-core)
command -v parallel-ssh >/dev/null || missing+=(pssh)
command -v goaccess >/dev/null || missing+=(goaccess)
[ -x /usr/bin/time ] || missing+=(time)
scripts/apt-install-missing.sh "the benchmark" ${missing[@]+"${missing[@]}"}

if [ ! -d bench/peers/awsguard/node_modules/@pulumi/awsguard ]; then
  for attempt in 1 2 3; do
    (cd bench/peers/awsguard && npm ci --no-audit --no-fund --fetch-retries=5 --loglevel=error) && break
    [ "$attempt" = 3 ] && { echo "could not install bench/peers/awsguard from npm" >&2; exit 1; }
    sleep $((attempt * 10))
  done
fi
