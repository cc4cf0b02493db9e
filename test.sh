#!/usr/bin/env bash
# Runs every test. Installs what the tests need first (Azurite through npm, into .tools/).
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

results="$root/TestResults"
rm -rf "$results"
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
echo "$passed passed, $failed failed"
exit "$status"
