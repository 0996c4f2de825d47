#!/usr/bin/env bash
# Debian packages the tests need: OpenSSH server and client (the real-sshd tier, ssh-keygen) and
# Chromium (the HTML report is rendered in it), openssl (a test CA for the HTTPS probe). Installs
# only what is missing; needs root then.
set -euo pipefail
missing=()
[ -x /usr/sbin/sshd ] || missing+=(openssh-server)
command -v ssh-keygen >/dev/null || missing+=(openssh-client)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null || missing+=(openssl)
exec "$(dirname "$0")/apt-install-missing.sh" "the iisguard tests" ${missing[@]+"${missing[@]}"}
