#!/usr/bin/env bash
# Builds the benchmarks and the CLI image, runs every measurement (about 8 minutes on 2 cores) and
# rewrites docs/benchmarks.md. Not part of the test command: the module is built only with -Pbench.
#
#   inat-auth-bench/run.sh            everything
#   inat-auth-bench/run.sh startup    the start-up part only (about 3 minutes); rewrites only its section
#   inat-auth-bench/run.sh warm       the warm path only, with 3 forks of 5 + 10 iterations (about 9 minutes),
#                                     for a ratio to the volatile read that a loaded machine moves less;
#                                     rewrites only its section
#
# JMH settings (short, so the whole run fits in minutes): 1 fork, 3 warm-up iterations of 1 s,
# 5 measurement iterations of 1 s. BENCH_SKIP_BUILD=1 reuses the last build.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
results="$here/target/results"
jmh=(-f 1 -wi 3 -w 1s -i 5 -r 1s)

part="${1:-all}"
case "$part" in all|startup|warm) ;; *) echo "usage: $0 [startup|warm]" >&2; exit 2 ;; esac
if [ "$part" = warm ]; then
  jmh=(-f 3 -wi 5 -w 1s -i 10 -r 1s)
fi
cd "$root"
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  echo "== build (benchmarks and the CLI image, tests skipped)"
  mvn -q -B -Pbench -pl inat-auth-bench,inat-auth-cli -am package -Dmaven.test.skip=true
fi
rm -rf "$results"
mkdir -p "$results"
cp="$here/target/classes:$here/target/lib/*"
uptime > "$results/uptime-start.txt"
date -u +%Y-%m-%dT%H:%M:%SZ > "$results/started.txt"

if [ "$part" != startup ]; then
echo "== warm path, 1 thread and 8 threads (with -prof gc)"
for t in 1 8; do
  java -cp "$cp" org.openjdk.jmh.Main 'WarmPathBenchmark' "${jmh[@]}" -t "$t" -prof gc \
    -rf json -rff "$results/warm-$t.json" > "$results/warm-$t.log"
done
fi

if [ "$part" = all ]; then
echo "== across a refresh: 64 threads, JWT lifetime 16 s, server answers after 200 ms"
java -cp "$cp" io.github.inatauth.bench.RefreshUnderLoad 64 28 16 200 "$results/refresh.json" > "$results/refresh.log"

echo "== cold herd: 1,000 threads in 1 process, then in 8 processes sharing a file store"
java -cp "$cp" io.github.inatauth.bench.ColdHerd threads 1000 "$results/herd-1.json" > "$results/herd-1.log"
java -cp "$cp" io.github.inatauth.bench.ColdHerd processes 8 1000 "$results/herd-8.json" > "$results/herd-8.log"

echo "== token stores (keyring inside a private Secret Service session) and Argon2id"
# without gnome-keyring, with-keyring runs the command as it is: the keyring rows fail their set-up and are reported missing
"$root/.ci/with-keyring" java -cp "$cp" org.openjdk.jmh.Main 'StoreBenchmark|Argon2idBenchmark' "${jmh[@]}" \
  -rf json -rff "$results/stores.json" > "$results/stores.log" 2>&1 || true

fi

if [ "$part" != warm ]; then
echo "== start-up: inat-auth token and status vs a trivial main, 21 alternating rounds"
uptime > "$results/uptime-startup-start.txt"
java -cp "$cp" io.github.inatauth.bench.Startup "$root/inat-auth-cli/target/image" 21 "$here/target/startup" \
  "$results/startup.json" "$root/inat-auth-cli/target/jlink-size.options" > "$results/startup.log"
fi

uptime > "$results/uptime-end.txt"
if [ "$part" = all ]; then
  python3 "$here/report.py" "$results" "$root/docs/benchmarks.md"
elif [ "$part" = warm ]; then
  printf '%s\n' "${jmh[*]}" > "$results/jmh-settings.txt"
  python3 "$here/report.py" "$results" "$root/docs/benchmarks.md" warm
else
  python3 "$here/report.py" "$results" "$root/docs/benchmarks.md" startup
fi
echo "== wrote docs/benchmarks.md"
