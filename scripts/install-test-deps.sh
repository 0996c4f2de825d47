#!/usr/bin/env bash
# Debian packages the tests need: OpenSSH server and client (the real-sshd tier, ssh-keygen) and
# Chromium (the HTML report is rendered in it), openssl (a test CA for the HTTPS probe); then
# PowerShell and Pester (scripts/install-powershell.sh). Installs
# only what is missing; needs root then.
set -euo pipefail
missing=()
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh-keygen >/dev/null || missing+=(openssh-client)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
"$(dirname "$0")/apt-install-missing.sh" "the iisguard tests" ${missing[@]+"${missing[@]}"}
# A real PowerShell (pwsh 7.6.9) and Pester 6.2.0 in .tools/: the collection script runs under it.
"$(dirname "$0")/install-powershell.sh" >/dev/null
