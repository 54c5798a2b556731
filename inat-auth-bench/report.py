#!/usr/bin/python3
"""Writes docs/benchmarks.md from the results of run.sh (JMH JSON and the harnesses' JSON).

Usage: report.py RESULTS_DIR OUTPUT_MD. Standard library only.
"""
import json
import os
import platform
import re
import subprocess
import sys

NOTES = []  # findings worth reading even when every target is met
ZERO_BYTES = 0.01  # B/op below this is JMH's own per-iteration allocation spread over the calls


def load(path):
    if not os.path.exists(path):
        return None
    with open(path) as f:
        text = f.read().strip()
    return json.loads(text) if text else None


def read_text(path):
    if not os.path.exists(path):
        return "?"
    with open(path) as f:
        return f.read().strip()


def command(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kib = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    return {
        "nproc": command("nproc"),
        "cpu": cpu,
        "memory": "%.1f GiB" % (mem_kib / 1024 / 1024),
        "kernel": platform.release(),
        "jdk": " / ".join(line.strip() for line in java[:2]),
        "commit": command("git", "rev-parse", "--short", "HEAD"),
    }


def jmh_index(results):
    """(short benchmark name, threads, params tuple) -> JMH result."""
    index = {}
    for r in results or []:
        name = r["benchmark"].rsplit(".", 2)
        short = name[-2] + "." + name[-1]
        params = tuple(sorted((r.get("params") or {}).items()))
        index[(short, r["threads"], params)] = r
    return index


def score(r):
    return r["primaryMetric"]["score"]


def error(r):
    e = r["primaryMetric"]["scoreError"]
    return e if isinstance(e, (int, float)) else float("nan")


def alloc(r):
    m = (r.get("secondaryMetrics") or {}).get("gc.alloc.rate.norm")
    return m["score"] if m else None


def ns(value):
    if value < 10:
        return "%.2f ns" % value
    if value < 1000:
        return "%.0f ns" % value
    if value < 1e6:
        return "%.1f µs" % (value / 1e3)
    if value < 1e9:
        return "%.1f ms" % (value / 1e6)
    return "%.2f s" % (value / 1e9)


def bytes_per_op(value):
    if value is None:
        return "?"
    return "0 B/op" if value < ZERO_BYTES else "%.1f B/op" % value


def mib(n):
    return "%.1f MiB" % (n / 1024 / 1024)


def pm(r):
    """The time with JMH's error, when it has one."""
    e = error(r)
    return ns(score(r)) + ("" if e != e else " ± %s" % ns(e))


def verdict(ok):
    return "**met**" if ok else "**missed**"


WARM_TARGET = 3  # × the volatile read (issue 13.2: the warm path stays at most 3× a volatile read)


def warm_section(out, warm, misses, run=None):
    out.append("## Warm path: `accessToken()` with a fresh cached JWT\n")
    out.append("JMH `AverageTime`, `-prof gc`. Every row of one thread count comes from the same JMH run. "
               "The baseline is a read of a `volatile` field; the clock rows are what a warm path that checks "
               "expiry on each call would add.\n")
    if run:
        out.append("Measured on their own (`run.sh warm`), not with the rest of this page: %s. JMH `%s`; "
                   "load before (`uptime`): %s; load after: %s. Other builds' load makes every row slower, the "
                   "baseline too; the figure to compare is the ratio of `accessToken()` to the volatile read of "
                   "the same run.\n" % tuple(run))
    out.append("| benchmark | threads | time per call | allocation | target | result |")
    out.append("| --- | ---: | ---: | ---: | --- | --- |")
    for threads in (1, 8):
        idx = jmh_index(warm.get(threads))
        token = idx.get(("WarmPathBenchmark.accessToken", threads, ()))
        base = idx.get(("WarmPathBenchmark.baselineVolatileRead", threads, ()))
        if not token or not base:
            out.append("| accessToken() | %d | not measured | | | |" % threads)
            misses.append("warm path at %d threads was not measured (see target/results/warm-%d.log)" % (threads, threads))
            continue
        ratio = score(token) / score(base)
        zero = alloc(token) is not None and alloc(token) < ZERO_BYTES
        ok = ratio <= WARM_TARGET and zero
        out.append("| `accessToken()` | %d | %s | %s | ≤ %d× baseline, 0 B/op | %s: %.1f× baseline |"
                   % (threads, pm(token), bytes_per_op(alloc(token)), WARM_TARGET, verdict(ok), ratio))
        out.append("| baseline: volatile read | %d | %s | %s | | |" % (threads, pm(base), bytes_per_op(alloc(base))))
        checked = idx.get(("WarmPathBenchmark.accessTokenCheckedPath", threads, ()))
        if checked:
            out.append("| `accessToken()` on the checked path (injected clock: every call reads the clock and judges "
                       "the phase, as all calls do in the stale window) | %d | %s | %s | | %.0f× the warm path |"
                       % (threads, pm(checked), bytes_per_op(alloc(checked)), score(checked) / score(token)))
        for name, label in (("baselineClockInstant", "`Clock.systemUTC().instant()`"),
                            ("baselineNanoTime", "`System.nanoTime()`")):
            r = idx.get(("WarmPathBenchmark." + name, threads, ()))
            if r:
                out.append("| clock read: %s | %d | %s | %s | avoided by the warm path | %.0f× the warm path |"
                           % (label, threads, pm(r), bytes_per_op(alloc(r)), score(r) / score(token)))
        if not ok:
            why = []
            if ratio > WARM_TARGET:
                why.append("%.1f× the baseline" % ratio)
            if not zero:
                why.append("%s per call" % bytes_per_op(alloc(token)))
            misses.append("warm path at %d threads: %s" % (threads, ", ".join(why)))
    out.append("")
    out.append("For reference (measured earlier on these machines): Google auth ~40 ns and AWS "
               "`CachedSupplier` ~94 ns per cached token. At 8 threads the 2 cores are shared by 8 threads, so "
               "the time per call is the wall time of a core divided among the threads that share it.\n")


def checked_path(warm):
    r = jmh_index(warm.get(1)).get(("WarmPathBenchmark.accessTokenCheckedPath", 1, ()))
    return (score(r), alloc(r)) if r else None


def refresh_section(out, refresh, misses, checked):
    # checked: (ns, B/op) of the checked path at 1 thread, for the findings
    out.append("## Across a refresh: 64 threads while the token goes from fresh to stale\n")
    if not refresh:
        out.append("Not measured (see target/results/refresh.log).\n")
        misses.append("across a refresh: not measured")
        return
    t, b = refresh["token"], refresh["baseline"]
    out.append(("%d threads call without pause for %d s; the JWT lives %d s (so it turns stale, is refreshed in the "
                "background and published, inside the run); the test server answers each request after %d ms. "
                "Every call is timed (`System.nanoTime()` around it, log-linear buckets, exact max). The baseline "
                "row is the same 64 threads reading a volatile field for half as long, in the same process just "
                "before: with 64 threads on %s cores, a thread descheduled in the middle of a call makes that call "
                "as long as the wait for a core, and the baseline shows how much of the tail is that.\n")
               % (refresh["threads"], refresh["seconds"], refresh["jwt_lifetime_s"], refresh["server_delay_ms"],
                  command("nproc")))
    out.append("| calls | count | p50 | p99 | p99.9 | max | calls ≥ 1 ms | calls ≥ 100 ms | slow calls that returned a new token |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, p in (("`accessToken()`", t), ("baseline: volatile read", b)):
        out.append("| %s | %d | %s | %s | %s | %s | %d | %d | %s |" % (
            label, p["count"], ns(p["p50_ns"]), ns(p["p99_ns"]), ns(p["p999_ns"]), ns(p["max_ns"]),
            p["calls_over_1ms"], p["calls_over_100ms"],
            p["slow_calls_with_new_token"] if label.startswith("`") else "—"))
    out.append("")
    ok_p999 = t["p999_ns"] < 1_000_000
    refreshes = refresh.get("refreshes") or []
    margins = [r["new_token_before_wait_deadline_ms"] for r in refreshes]
    no_wait = bool(refreshes) and min(margins) > 0
    per_refresh = "; ".join("new token in use %d ms after the stale deadline, %d ms before the wait deadline"
                            % (r["new_token_after_stale_ms"], r["new_token_before_wait_deadline_ms"]) for r in refreshes)
    out.append("| target | figure | result |")
    out.append("| --- | --- | --- |")
    out.append("| p99.9 well under 1 ms | %s | %s |" % (ns(t["p999_ns"]), verdict(ok_p999)))
    out.append(("| no caller waits for the network while a valid token exists: each new token is in use before the "
                "old one's wait deadline (exp − min(30 s, life/10)), the only time callers wait | %s | %s |")
               % (per_refresh or "no refresh happened during the run", verdict(no_wait)))
    out.append("| one request per refresh (single flight) | %d JWT request(s), %d refresh(es) seen, %d grant(s) during the run | %s |"
               % (refresh["jwt_requests"], len(refreshes), refresh["grants"],
                  verdict(refresh["jwt_requests"] == len(refreshes) and refresh["grants"] == 0)))
    out.append("")
    out.append(("The last column of the first table counts calls of ≥ 100 ms whose result was a token other than "
                "the thread's previous one: an upper bound on calls that waited for a refresh, which also counts "
                "threads descheduled across the moment the new token was published (the baseline, which has no "
                "network at all, had %d calls ≥ 100 ms). The new token is seen first by the callers themselves, "
                "so the times above are if anything late.\n") % b["calls_over_100ms"])
    if not ok_p999:
        misses.append("across a refresh: p99.9 %s (baseline p99.9 in the same run: %s)" % (ns(t["p999_ns"]), ns(b["p999_ns"])))
    if not no_wait:
        misses.append("across a refresh: %s. The test's JWT lives %d s, so its stale window (exp − life/4 to "
                      "exp − life/10) is about %.1f s; with 24 h tokens it is 4.5 min"
                      % (per_refresh or "no refresh happened during the run", refresh["jwt_lifetime_s"],
                         refresh["jwt_lifetime_s"] * 0.15))
    late = max((r["new_token_after_stale_ms"] for r in refreshes), default=0)
    if late > 3 * refresh["server_delay_ms"]:
        NOTES.append(("across a refresh: the new token was in use up to %d ms after the stale deadline, for a "
                      "request the server answers in %d ms. With 64 threads that never stop calling on %s cores "
                      "(and the machine's other load), the refresh thread, the HTTP client's threads and the test "
                      "server's threads wait for a core at each hand-off. In this test's %d s JWT the stale "
                      "window is about %.1f s; with 24 h tokens it is 4.5 min")
                     % (late, refresh["server_delay_ms"], command("nproc"), refresh["jwt_lifetime_s"],
                        refresh["jwt_lifetime_s"] * 0.15))
    if checked and checked[1] is not None and checked[1] >= 64:
        NOTES.append(("the checked path (every call from the stale deadline until the new token is published, and "
                      "every call with an injected clock) costs %s and allocates %.0f B per call on one thread: "
                      "`TokenSlot.phase` recomputes the margins on every call with `Duration.dividedBy`, which "
                      "goes through `BigDecimal`. Computing the stale and wait instants once per token (in the "
                      "snapshot) leaves a clock read and two comparisons (a trial of that change measured "
                      "62 ns and 48 B per call here)") % (ns(checked[0]), checked[1]))


def herd_section(out, herds, misses):
    out.append("## Cold herd: 1,000 threads on an empty cache\n")
    out.append("All threads wait at a gate and call `accessToken()` together; the test server answers after 200 ms "
               "and counts the requests that reach it. Across processes, 8 JVMs of 125 threads share one file "
               "store (key file) and are released together once all are ready.\n")
    out.append("| setting | grants at the server | JWT requests at the server | distinct tokens | failed calls | slowest call | target | result |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for label, h in herds:
        if not h:
            out.append("| %s | not measured | | | | | 1 grant, 1 JWT | |" % label)
            misses.append("cold herd (%s): not measured" % label)
            continue
        ok = h["grants"] == 1 and h["jwt_requests"] == 1 and h["failed"] == 0
        out.append("| %s | %d | %d | %d | %d | %d ms | 1 grant, 1 JWT | %s |" % (
            label, h["grants"], h["jwt_requests"], h["distinct_tokens"], h["failed"], h["max_ms"], verdict(ok)))
        if not ok:
            misses.append("cold herd (%s): %d grants, %d JWT requests, %d failed calls"
                          % (label, h["grants"], h["jwt_requests"], h["failed"]))
    out.append("")


def stores_section(out, stores, misses):
    out.append("## Token stores: one load, one save\n")
    out.append("JMH `AverageTime`, 1 thread. `load` and `save` reuse an opened store (for the file store with a "
               "passphrase, the Argon2id key is derived once per process and kept). `open + load` is a new "
               "`open(context)` and one load, as in a process's first read. The keyring is gnome-keyring's "
               "Secret Service in a private D-Bus session (`.ci/with-keyring`). There are no targets for stores: "
               "the cache reads a store only on a miss and writes it after a fetch.\n")
    idx = jmh_index(stores)
    out.append("| store | load | save | open + load |")
    out.append("| --- | ---: | ---: | ---: |")
    labels = (("memory", "memory"), ("file-key", "file, key file"),
              ("file-passphrase", "file, passphrase (key already derived)"), ("keyring", "keyring (Secret Service)"))
    for param, label in labels:
        cells = []
        for bench in ("load", "save", "openAndLoad"):
            r = idx.get(("StoreBenchmark." + bench, 1, (("store", param),)))
            cells.append(ns(score(r) * 1000) if r else "not measured")
        if "not measured" in cells:
            misses.append("store %s: not measured (no Secret Service?) — see target/results/stores.log" % param)
        out.append("| %s | %s |" % (label, " | ".join(cells)))
    argon = idx.get(("Argon2idBenchmark.deriveKey", 1, ()))
    cold = idx.get(("StoreBenchmark.openAndLoad", 1, (("store", "file-passphrase"),)))
    if argon:
        out.append("| Argon2id derivation alone (m = 19 MiB, t = 2, p = 1) | %s | | |" % ns(score(argon) * 1e6))
        if cold:
            out.append("| file, passphrase, first read in a new process (derivation + open + load) | | | %s |"
                       % ns(score(argon) * 1e6 + score(cold) * 1000))
    else:
        misses.append("Argon2id derivation: not measured")
    out.append("")


STARTUP_TARGET = 1.5  # inat-auth token (key file) against the trivial main of the same image
IMAGE_TARGET = 1.3  # the image against a java.base-only image with the same jlink options


def startup_section(out, s, misses, results):
    out.append("## Start-up: `inat-auth token` and `status` against a trivial main\n")
    if not s:
        out.append("Not measured (see target/results/startup.log).\n")
        misses.append("start-up: not measured")
        return
    out.append("| | |")
    out.append("| --- | --- |")
    out.append("| measured (UTC) | %s |" % read_text(os.path.join(results, "started.txt")))
    out.append("| load before (`uptime`) | %s |" % read_text(os.path.join(results, "uptime-startup-start.txt")))
    out.append("| load after (`uptime`) | %s |" % read_text(os.path.join(results, "uptime-end.txt")))
    out.append("")
    out.append(("Wall time of whole processes started from Java with `ProcessBuilder`: one warm-up round, then %d "
                "rounds in which every process below runs once (in a rotating order, so the machine's other load "
                "falls on all alike); the median of each. The file stores' tokens were put there by one earlier "
                "run against a test server that is then stopped: those runs cannot reach any network. The empty "
                "store is a new folder each run: its `token` makes the grant and the JWT request to a second test "
                "server on loopback, which answers at once, and saves the token. The trivial main prints one "
                "line and is run by the image's `bin/java` from a class folder.\n") % s["runs"])
    trivial = s["trivial_same_image_ms"]
    trivial_cpu = s.get("trivial_same_image_cpu_ms")
    if trivial_cpu:
        out.append("CPU time is user + system time of the process (GNU `time`), also a median; waiting for a core "
                   "does not count in it, so on a loaded machine it is the steadier figure, and its ratio the one "
                   "to compare across runs. The target is judged on wall time, as issue 18 states it.\n")
    out.append("| process | wall time | ratio to the trivial main | CPU time | CPU ratio | target | result |")
    out.append("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    rows = (("token_key_file", "`inat-auth token`, file store with a key file", STARTUP_TARGET),
            ("token_passphrase", "`inat-auth token`, file store with a passphrase (Argon2id in each process)", None),
            ("status_key_file", "`inat-auth status`, file store with a key file", None),
            ("token_empty_store", "`inat-auth token`, empty file store (grant and JWT from loopback, then saved)", None),
            ("trivial_same_image", "trivial main, same image", None),
            ("trivial_java_base_image", "trivial main, `java.base`-only image", None))
    for key, label, target in rows:
        ms = s.get(key + "_ms")
        if ms is None:
            continue
        ratio = ms / trivial
        verdict = ""
        if target:
            verdict = "**met**" if ratio <= target else "**missed**"
            if ratio > target:
                misses.append("start-up: %s took %.2f× the trivial main (target ≤ %.1f×)" % (label, ratio, target))
        cpu = s.get(key + "_cpu_ms")
        cpu_cells = ("%.0f ms | %.2f×" % (cpu, cpu / trivial_cpu)) if cpu and trivial_cpu else "— | —"
        out.append("| %s | %.0f ms | %.2f× | %s | %s | %s |" % (label, ms, ratio, cpu_cells,
                                                                  "≤ %.1f×" % target if target else "", verdict))
    out.append("")
    image, base = s["image_bytes"], s["java_base_image_bytes"]
    image_archive, base_archive = s.get("image_archive_bytes", 0), s.get("java_base_archive_bytes", 0)
    out.append("The image's class-data archive (`lib/server/classes.jsa`, and the AOT cache when built by JDK 25+) "
               "is a start-up cache made at build time; a `java.base`-only image linked by jlink has none. So the "
               "images are compared both ways: each without its archive, and each with its own (the `java.base` "
               "image's made by `-Xshare:dump` from the JDK's class list, as a JDK's default archive is). The "
               "target holds when both ratios meet it.\n")
    out.append("| image | size on disk | ratio | target | result |")
    out.append("| --- | ---: | ---: | --- | --- |")
    for label, mine, theirs in (("without the archives", image - image_archive, base),
                                ("each with its own archive", image, base + base_archive)):
        ratio = mine / theirs
        verdict = "**met**" if ratio <= IMAGE_TARGET else "**missed**"
        if ratio > IMAGE_TARGET:
            misses.append("image size, %s: %.2f× a java.base-only image (target ≤ %.1f×)" % (label, ratio, IMAGE_TARGET))
        out.append("| `inat-auth-cli/target/image`, %s | %s | %.2f× | ≤ %.1f× | %s |"
                   % (label, mib(mine), ratio, IMAGE_TARGET, verdict))
    out.append("| `java.base` only, same jlink options (`%s`), without an archive | %s | 1.00× | | |"
               % (s.get("jlink_options", "?"), mib(base)))
    out.append("| its archive (`-Xshare:dump`, the JDK's class list) | %s | | | |" % mib(base_archive))
    out.append("| the image's archive (`lib/server`: `classes.jsa`, `inat-auth.aot`) | %s | | | |" % mib(image_archive))
    out.append("")
    classes = s.get("classes") or {}
    if classes:
        out.append("Classes loaded in one run of each (`-Xlog:class+load`), by where they came from (the class-data "
                   "archive, `lib/modules`, generated at run time: lambdas and method handles, the class path) and "
                   "by whom they belong to:\n")
        out.append("| process | classes | from the archive | from `lib/modules` | generated | by owner |")
        out.append("| --- | ---: | ---: | ---: | ---: | --- |")
        labels = {"token_key_file": "`inat-auth token` (key file)", "status_key_file": "`inat-auth status` (key file)",
                  "token_empty_store": "`inat-auth token` (empty store)", "trivial_same_image": "trivial main, same image"}
        for key, c in classes.items():
            src = c["by_source"]
            owners = ", ".join("%s %d" % (k, v) for k, v in c["by_owner"].items())
            out.append("| %s | %d | %d | %d | %d | %s |" % (labels.get(key, key), c["total"], src.get("archive", 0),
                                                         src.get("modules image", 0), src.get("generated", 0), owners))
        out.append("")


def replace_startup(output, results):
    """Rewrites only the start-up section of an existing report, and its lines in the summary."""
    with open(output) as f:
        head = f.read().partition("## Start-up")[0]
    body, misses = [], []
    startup_section(body, load(os.path.join(results, "startup.json")), misses, results)
    before, marker, after = head.partition("## Targets missed\n")
    if not marker:
        raise SystemExit("%s has no '## Targets missed' section: run the whole of run.sh once" % output)
    summary, _, rest = after.lstrip("\n").partition("\n\n")
    kept = [l for l in summary.splitlines() if l.startswith("- ") and not l.startswith(("- start-up", "- image size"))]
    listed = kept + ["- " + x for x in misses]
    summary = "\n".join(listed) if listed else "None: every target was met in this run."
    rest = "\n".join(l for l in rest.splitlines() if not l.startswith("- start-up"))
    text = before + marker + "\n" + summary + "\n\n" + rest.rstrip() + "\n\n" + "\n".join(body).rstrip() + "\n"
    with open(output, "w") as f:
        f.write(text)


def replace_warm(output, results):
    """Rewrites only the warm-path section of an existing report (its own run, settings and load), and its summary lines."""
    with open(output) as f:
        text = f.read()
    start = text.find("## Warm path")
    end = text.find("\n## ", start + 1)
    if start < 0 or end < 0:
        raise SystemExit("%s has no warm-path section: run the whole of run.sh once" % output)
    warm = {t: load(os.path.join(results, "warm-%d.json" % t)) for t in (1, 8)}
    m = machine()
    run = (read_text(os.path.join(results, "started.txt")) + ", commit " + m["commit"] + ", " + m["jdk"].split(" / ")[0],
           read_text(os.path.join(results, "jmh-settings.txt")),
           read_text(os.path.join(results, "uptime-start.txt")), read_text(os.path.join(results, "uptime-end.txt")))
    body, misses = [], []
    warm_section(body, warm, misses, run)
    head, tail = text[:start], text[end + 1:]
    before, marker, after = head.partition("## Targets missed\n")
    if not marker:
        raise SystemExit("%s has no '## Targets missed' section: run the whole of run.sh once" % output)
    summary, _, rest = after.lstrip("\n").partition("\n\n")
    kept = [l for l in summary.splitlines() if l.startswith("- ") and not l.startswith("- warm path")]
    listed = kept + ["- " + x for x in misses]
    summary = "\n".join(listed) if listed else "None: every target was met in this run."
    text = before + marker + "\n" + summary + "\n\n" + rest.rstrip() + "\n\n" + "\n".join(body).rstrip() + "\n\n" + tail
    with open(output, "w") as f:
        f.write(text)


def main():
    results, output = sys.argv[1], sys.argv[2]
    if sys.argv[3:] == ["startup"]:
        replace_startup(output, results)
        return
    if sys.argv[3:] == ["warm"]:
        replace_warm(output, results)
        return
    m = machine()
    warm = {t: load(os.path.join(results, "warm-%d.json" % t)) for t in (1, 8)}
    misses = []
    body = []
    warm_section(body, warm, misses)
    refresh_section(body, load(os.path.join(results, "refresh.json")), misses, checked_path(warm))
    herd_section(body, (("1 process, 1,000 threads, store `none`", load(os.path.join(results, "herd-1.json"))),
                        ("8 processes × 125 threads, shared file store", load(os.path.join(results, "herd-8.json")))),
                 misses)
    stores_section(body, load(os.path.join(results, "stores.json")), misses)
    startup_section(body, load(os.path.join(results, "startup.json")), misses, results)

    head = ["# Benchmarks", "",
            "Generated by `inat-auth-bench/run.sh` (do not edit by hand); rerun it to refresh every figure.", "",
            "| | |", "| --- | --- |",
            "| date (UTC) | %s |" % read_text(os.path.join(results, "started.txt")),
            "| commit | %s |" % m["commit"],
            "| cores (`nproc`) | %s |" % m["nproc"],
            "| CPU | %s |" % m["cpu"],
            "| memory | %s |" % m["memory"],
            "| kernel | %s |" % m["kernel"],
            "| JDK | %s |" % m["jdk"],
            "| load before (`uptime`) | %s |" % read_text(os.path.join(results, "uptime-start.txt")),
            "| load after (`uptime`; includes this run's own threads) | %s |" % read_text(os.path.join(results, "uptime-end.txt")),
            "| JMH | 1.37; 1 fork, 3 warm-up iterations × 1 s, 5 measurement iterations × 1 s; ± is JMH's 99.9% error |",
            "",
            "The machine is a shared virtual machine: other builds may run at the same time (see the load "
            "above), and every figure moves with them. Short JMH settings keep the whole run to minutes; "
            "they are enough to tell nanoseconds from microseconds, not to rank close figures.", ""]
    summary = ["## Targets missed", ""]
    if misses:
        summary += ["- " + x for x in misses]
    else:
        summary.append("None: every target was met in this run.")
    summary.append("")
    if NOTES:
        summary += ["## Findings", ""] + ["- " + x for x in NOTES] + [""]
    text = "\n".join(head + summary + body).rstrip() + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(output)), exist_ok=True)
    with open(output, "w") as f:
        f.write(text)


if __name__ == "__main__":
    main()
