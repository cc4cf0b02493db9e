#!/usr/bin/env bash
# Builds the bazaar-agent image FROM scratch: the agent (Native AOT), a static busybox for /bin/sh and the
# usual tools, and nothing else but what the agent's binary needs at run time, taken from this machine:
#   - the shared libraries `ldd` lists for it (Native AOT links glibc dynamically: libc, libm) and the loader;
#   - libssl and libcrypto (and what they need), which .NET loads with dlopen for SHA-256 and TLS, so ldd
#     does not list them;
#   - the CA certificates, for https to storage and to the callback route.
# No .NET runtime: the agent is a native executable. No registry: nothing is pulled.
#
# usage: build-image.sh [TAG]                 (default bazaar-agent:dev)
#   BAZAAR_AGENT_BINARY=path  use this published agent instead of publishing one (the tests do)
#   BUSYBOX=path              the static busybox (default /bin/busybox, from Debian's busybox-static)
# Needs: docker, and to publish: the .NET SDK, clang and zlib1g-dev (apt-get install -y clang zlib1g-dev).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tag="${1:-bazaar-agent:dev}"
busybox="${BUSYBOX:-/bin/busybox}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

agent="${BAZAAR_AGENT_BINARY:-}"
if [ -z "$agent" ]; then
  dotnet publish "$here/../Bazaar.Agent.csproj" -c Release -r linux-x64 -o "$work/publish" --nologo -v quiet -clp:ErrorsOnly
  agent="$work/publish/bazaar-agent"
fi
[ -x "$agent" ] || { echo "build-image.sh: no agent at $agent" >&2; exit 1; }
[ -x "$busybox" ] || { echo "build-image.sh: no static busybox at $busybox (apt-get install busybox-static, or set BUSYBOX)" >&2; exit 1; }
if ldd "$busybox" >/dev/null 2>&1; then
  echo "build-image.sh: $busybox is not static; use Debian's busybox-static" >&2
  exit 1
fi

root="$work/rootfs"
mkdir -p "$root/usr/local/bin" "$root/bin" "$root/etc/ssl/certs"
cp "$agent" "$root/usr/local/bin/bazaar-agent"
cp "$busybox" "$root/bin/busybox"

# Each library at the path the loader looks for it, as a file (cp -L: the target of a symlink).
copy_libs() {
  ldd "$1" | awk '/=> \//{print $3; next} $1 ~ /^\// {print $1}' | while read -r lib; do
    [ -e "$root$lib" ] && continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
}
copy_libs "$agent"
for name in libssl.so.3 libcrypto.so.3; do
  lib="$(ldconfig -p | awk -v n="$name" '$1 == n && /x86-64/ {print $NF; exit}')"
  [ -n "$lib" ] || { echo "build-image.sh: $name not found (apt-get install libssl3)" >&2; exit 1; }
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
  copy_libs "$lib"
done
cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
# The unprivileged user the agent runs as (no home, no shell of its own).
printf 'root:x:0:0:root:/:/bin/sh\nagent:x:65532:65532:bazaar-agent:/tmp:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nagent:x:65532:\n' > "$root/etc/group"

cp "$here/Dockerfile.scratch" "$work/Dockerfile"
docker build -q -t "$tag" "$work" >/dev/null
echo "$tag"
