#!/usr/bin/env bash
# Runs every test. Installs what the tests need first (Azurite through npm, into .tools/; esbuild and
# typescript for the web UI, into .tools/web/; the Docker engine, a static busybox, clang with zlib1g-dev
# for Native AOT, and Debian's chromium for the browser tests through apt-get when missing) and starts
# dockerd when none answers.
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Scheduling".
# The last line is "N passed, N failed", counted from the test results.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"
azurite_version="3.37.0"

if [ ! -x .tools/node_modules/.bin/azurite ]; then
  echo "test.sh: installing Azurite $azurite_version into .tools/ ..."
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "azurite@$azurite_version"
fi

# --- AWS Lambda remote: its tests run examples/lambda on serverless-offline, a Lambda emulator ---
serverless_version="3.40.0"        # serverless-offline 13 is a plugin of serverless 3
serverless_offline_version="13.9.0"
if [ ! -f .tools/node_modules/serverless/bin/serverless.js ] || [ ! -d .tools/node_modules/serverless-offline ]; then
  echo "test.sh: installing serverless $serverless_version and serverless-offline $serverless_offline_version into .tools/ ..."
  npm install --prefix .tools --no-audit --no-fund --loglevel=error \
    "serverless@$serverless_version" "serverless-offline@$serverless_offline_version"
fi
export BAZAAR_TEST_REQUIRE_ALL=1   # here nothing a test needs is missing, so no test may skip
# --- end AWS Lambda remote ---

# --- AWS ECS and Batch remotes: the AWS CLI (botocore inside) is the reference their SigV4 signing is compared
# with, and botocore's service models the shapes their request bodies are checked against ---
if ! command -v aws >/dev/null 2>&1 || ! python3 -c "import botocore" >/dev/null 2>&1; then
  echo "test.sh: installing awscli and python3-botocore ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq awscli python3-botocore >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq awscli python3-botocore >/dev/null; }
fi
# --- end AWS ECS and Batch remotes ---
# --- The web UI: built by esbuild and type-checked by tsc (versions pinned in web/package.json), from .tools/web;
# the build installs them too when missing. Its browser tests drive Debian's chromium, never a downloaded browser. ---
if [ ! -x .tools/web/node_modules/.bin/esbuild ] || [ ! -x .tools/web/node_modules/.bin/tsc ] || ! cmp -s web/package.json .tools/web/package.json; then
  echo "test.sh: installing the web UI's build tools (web/package.json) into .tools/web/ ..."
  mkdir -p .tools/web
  cp web/package.json .tools/web/package.json
  npm install --prefix .tools/web --no-audit --no-fund --loglevel=error
fi
if ! command -v chromium >/dev/null 2>&1; then
  echo "test.sh: installing chromium (the browser tests) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq chromium >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
fi
# --- end web UI ---

results="$root/TestResults"
rm -rf "$results"
mkdir -p "$results"

# The docker remote's tests need a real engine: install it when missing, start it when none answers
# (no bridge, no iptables: containers get no network or the host's), and stop exactly that dockerd at exit.
# The tests build their image FROM scratch with the static busybox, so no registry is needed.
if ! command -v dockerd >/dev/null 2>&1 || [ ! -x /bin/busybox ] || ! command -v docker >/dev/null 2>&1; then
  echo "test.sh: installing docker.io and busybox-static ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq docker.io busybox-static >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq docker.io busybox-static >/dev/null; }
fi
# bazaar-agent's tests publish it with Native AOT, which links with clang against zlib.
if ! command -v clang >/dev/null 2>&1 || [ ! -f /usr/include/zlib.h ]; then
  echo "test.sh: installing clang and zlib1g-dev (Native AOT, for bazaar-agent) ..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq clang zlib1g-dev >/dev/null 2>&1 \
    || { apt-get update -qq && apt-get install -y -qq clang zlib1g-dev >/dev/null; }
fi
dockerd_pid=""
stop_dockerd() {
  if [ -n "$dockerd_pid" ]; then
    kill "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.2; done
  fi
}
trap stop_dockerd EXIT
start_dockerd() { # extra dockerd arguments; returns 0 once it answers
  echo "test.sh: starting dockerd $* (log: $results/dockerd.log) ..."
  dockerd --bridge=none --iptables=false "$@" >>"$results/dockerd.log" 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    kill -0 "$dockerd_pid" 2>/dev/null || break
    sleep 0.5
  done
  stop_dockerd
  dockerd_pid=""
  return 1
}
if ! docker info >/dev/null 2>&1; then
  # overlay2 first; vfs (slow, but works anywhere) where this machine's kernel or filesystem refuses it.
  if ! start_dockerd && ! start_dockerd --storage-driver=vfs; then
    echo "test.sh: dockerd did not start; the end of its log:" >&2
    tail -n 20 "$results/dockerd.log" >&2
    exit 1
  fi
fi
dotnet build Bazaar.sln -c Release --nologo -v quiet -clp:ErrorsOnly

status=0
dotnet test Bazaar.sln -c Release --no-build --nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@" || status=$?

# Count from the TRX files every test assembly wrote; a run that wrote none counts as a failure.
# Failed tests are listed again here, with their messages, so the end of the output says what broke.
read -r passed failed < <(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    root = ET.parse(path).getroot()
    counters = root.find(".//t:ResultSummary/t:Counters", ns)
    if counters is not None:
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    for result in root.iterfind(".//t:UnitTestResult", ns):
        if result.get("outcome") in ("Passed", "NotExecuted"):
            continue
        message = result.findtext(".//t:ErrorInfo/t:Message", "", ns).strip()
        trace = result.findtext(".//t:ErrorInfo/t:StackTrace", "", ns).strip()
        print(f"FAILED {result.get('testName')} ({result.get('duration')})", file=sys.stderr)
        for line in (message[:3000] + "\n" + "\n".join(trace.splitlines()[:12])).splitlines():
            print("    " + line, file=sys.stderr)
print(passed, failed)
PY
)
if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  status=1
fi

# Every container a test started must be gone: steps remove theirs however they end.
leftovers="$(docker ps -aq --filter label=dev.bazaar.managed=true 2>/dev/null || true)"
if [ -n "$leftovers" ]; then
  echo "FAILED docker: containers left behind after the tests: $(echo "$leftovers" | tr '\n' ' ')" >&2
  docker rm -f $leftovers >/dev/null 2>&1 || true
  failed=$((failed + 1))
  status=1
fi
echo "$passed passed, $failed failed"
exit "$status"
