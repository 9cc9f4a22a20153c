#!/usr/bin/env bash
# The npm bundle's size and start-up time against java -jar (benchmarks/README.md, "The bundle").
# Installs the tarballs mvn package left in dist/target into a temporary folder (as .ci/npm-test.sh
# does, no java on PATH), then times whole processes from spawn to exit: the configurations in turn
# within each round, ROUNDS rounds (default 9), median and minimum wall time and median CPU
# (user+sys of the process and its children). Run from the repository root after mvn -B package.
set -euo pipefail
rounds=${ROUNDS:-9}
root=$(pwd)
dist=$root/dist/target
version=$(sed -n 's/^ *"version": "\(.*\)",$/\1/p' "$dist/querylens/package.json")
platform=linux-x64
jar=$root/analyzer/target/querylens.jar
work=$(mktemp -d /tmp/querylens-bundle-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

bin=$work/bin
mkdir "$bin" "$work/home" "$work/app"
for tool in node npm npx sh env uname dirname readlink; do ln -s "$(command -v "$tool")" "$bin/$tool"; done
cd "$work/app"
env -i PATH="$bin" HOME="$work/home" npm_config_cache="$work/npm-cache" npm init -y > /dev/null
env -i PATH="$bin" HOME="$work/home" npm_config_cache="$work/npm-cache" npm install --offline --no-audit --no-fund \
  "$dist/querylens-$platform-$version.tgz" "$dist/querylens-$version.tgz" > /dev/null 2>&1
bundle=node_modules/@querylens/$platform
awk 'length($0) <= 1000' "$root/samples/taskboard/logs/taskboard-stderr.log" > "$work/small.log"

echo "## sizes"
echo "npm tarball @querylens/$platform: $(stat -c %s "$dist/querylens-$platform-$version.tgz") bytes"
echo "npm tarball querylens:           $(stat -c %s "$dist/querylens-$version.tgz") bytes"
echo "installed bundle (unpacked):     $(du -sb "$bundle" | cut -f1) bytes"
echo "  runtime/ (jlink image):        $(du -sb "$bundle/runtime" | cut -f1) bytes"
echo "  lib/querylens.jar:             $(stat -c %s "$bundle/lib/querylens.jar") bytes"
echo "JDK the image was linked from:   $(du -sb "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" | cut -f1) bytes"

echo "## start-up (machine: $(nproc) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), load average $(cut -d' ' -f1-3 /proc/loadavg))"
export BENCH_BIN=$bin BENCH_HOME=$work/home BENCH_CACHE=$work/npm-cache
python3 - "$rounds" "$jar" "$work/small.log" <<'EOF'
import os, resource, statistics, subprocess, sys, time
rounds, jar, small = int(sys.argv[1]), sys.argv[2], sys.argv[3]
nojava = {"PATH": os.environ["BENCH_BIN"], "HOME": os.environ["BENCH_HOME"],
          "npm_config_cache": os.environ["BENCH_CACHE"], "npm_config_update_notifier": "false"}
configs = [
    ("java -jar (system JDK 17, default JIT) --version", ["java", "-jar", jar, "--version"], None),
    ("java -XX:TieredStopAtLevel=1 -jar (system JDK) --version", ["java", "-XX:TieredStopAtLevel=1", "-jar", jar, "--version"], None),
    ("node_modules/.bin/querylens --version (bundle)", ["node_modules/.bin/querylens", "--version"], nojava),
    ("npx querylens --version (bundle)", ["npx", "--offline", "querylens", "--version"], nojava),
    ("java -jar (system JDK 17) analyze -q small log", ["java", "-jar", jar, "analyze", "-q", small], None),
    ("node_modules/.bin/querylens analyze -q small log", ["node_modules/.bin/querylens", "analyze", "-q", small], nojava),
]
wall = {c[0]: [] for c in configs}
cpu = {c[0]: [] for c in configs}
for _ in range(rounds):
    for name, command, env in configs:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.monotonic()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
        wall[name].append(time.monotonic() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
print("| command | median wall (min) | median CPU user+sys |")
print("|---|---:|---:|")
for name, _, _ in configs:
    print(f"| {name} | {statistics.median(wall[name]):.2f} s ({min(wall[name]):.2f}) | {statistics.median(cpu[name]):.2f} s |")
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
