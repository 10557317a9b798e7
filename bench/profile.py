#!/usr/bin/env python3
"""Summarises a JFR recording of the service as markdown: where the CPU samples are.

    profile.py <path to jfr tool> <recording.jfr>

Buckets every jdk.ExecutionSample by the layer of its innermost "interesting" frame (our code,
pgjdbc, Hikari, Tomcat, Jackson, Spring, the JDK), lists the hottest methods by self and by total
samples, and where threads parked or blocked. Python 3 stdlib only.
"""
import collections
import json
import subprocess
import sys

JFR, RECORDING = sys.argv[1], sys.argv[2]

LAYERS = [
    ("io.flashsale.", "service code (io.flashsale)"),
    ("org.postgresql.", "PostgreSQL JDBC driver"),
    ("com.zaxxer.hikari.", "Hikari pool"),
    ("org.apache.tomcat.", "Tomcat / HTTP"),
    ("org.apache.coyote.", "Tomcat / HTTP"),
    ("org.apache.catalina.", "Tomcat / HTTP"),
    ("tools.jackson.", "Jackson JSON"),
    ("com.fasterxml.jackson.", "Jackson JSON"),
    ("org.springframework.web.", "Spring MVC"),
    ("org.springframework.http.", "Spring MVC"),
    ("org.springframework.jdbc.", "Spring JDBC / transactions"),
    ("org.springframework.transaction.", "Spring JDBC / transactions"),
    ("io.micrometer.", "Micrometer / observation"),
    ("org.springframework.boot.actuate.", "Actuator"),
    ("org.springframework.", "Spring (other)"),
    ("jdk.internal.misc.Unsafe", "JDK park/unpark"),
    ("java.util.concurrent.", "java.util.concurrent"),
    ("sun.nio.", "JDK NIO / sockets"),
    ("java.", "JDK (other)"),
    ("jdk.", "JDK (other)"),
    ("sun.", "JDK (other)"),
]


def events(kind):
    out = subprocess.run([JFR, "print", "--json", "--stack-depth", "64", "--events", kind, RECORDING],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def frames(event):
    trace = event["values"].get("stackTrace") or {}
    return [f"{f['method']['type']['name']}.{f['method']['name']}".replace("/", ".")
            for f in trace.get("frames", [])]


def thread_name(event):
    values = event["values"]
    thread = values.get("sampledThread") or values.get("eventThread") or {}
    return (thread.get("javaName") or thread.get("osName") or "?").rstrip("0123456789-")


def layer(stack):
    """The layer charged for a sample: the first frame (from the top) that is not a generic JDK
    helper, so that String.equals called by Jackson counts as Jackson."""
    for frame in stack:
        for prefix, name in LAYERS:
            if frame.startswith(prefix):
                if name.startswith("JDK") or name == "java.util.concurrent":
                    break
                return name
    for prefix, name in LAYERS:
        if stack and stack[0].startswith(prefix):
            return name
    return "other"


def table(title, counter, total, limit=20):
    lines = [f"### {title}", "", "| samples | share | |", "|---:|---:|---|"]
    for key, n in counter.most_common(limit):
        lines.append(f"| {n} | {100.0 * n / total:.1f}% | `{key}` |")
    lines.append("")
    return lines


# JDK 25's CPU-time sampler (jdk.CPUTimeSample, enabled by run.sh's profile settings) sees native
# code and GC too and samples by CPU time; the classic execution sampler is the fallback.
samples, kind = [], None
for candidate in ("jdk.CPUTimeSample", "jdk.ExecutionSample"):
    try:
        samples = [e for e in events(candidate) if not e["values"].get("failed")]
    except subprocess.CalledProcessError:
        samples = []
    if len(samples) >= 200 or (samples and candidate == "jdk.ExecutionSample"):
        kind = candidate
        break
total = len(samples) or 1
by_layer, by_self, by_total, by_thread = (collections.Counter() for _ in range(4))
for e in samples:
    stack = frames(e)
    if not stack:
        continue
    by_layer[layer(stack)] += 1
    by_self[stack[0]] += 1
    for frame in set(stack):
        by_total[frame] += 1
    by_thread[thread_name(e)] += 1

md = [f"## Profile of `{RECORDING.rsplit('/', 1)[-1]}`", "",
      f"{len(samples)} CPU samples ({kind}"
      + ("; Java code only" if kind == "jdk.ExecutionSample" else "; Java, native and VM code by CPU time")
      + "; time blocked waiting for I/O is not sampled).", ""]
md += table("CPU samples by layer (charged to the first non-JDK frame from the top)", by_layer, total)
md += table("Hottest methods, self", by_self, total)
md += table("Hottest methods, total (self + callees)", by_total, total, 30)
md += table("Samples by thread (name without number)", by_thread, total, 10)


def filter_of(stack):
    """The servlet filter that owns a sample: the filter called by the innermost filter-chain step,
    unless that step already called the servlet (then the sample is the servlet's, "downstream").
    Spring filters run OncePerRequestFilter.doFilter first, so the concrete class is the frame
    below it. Samples outside the chain are None."""
    for i, frame in enumerate(stack):
        # Tomcat 10 steps through the chain in internalDoFilter, Tomcat 11 in doFilter itself.
        if frame in ("org.apache.catalina.core.ApplicationFilterChain.internalDoFilter",
                     "org.apache.catalina.core.ApplicationFilterChain.doFilter"):
            callees = stack[:i]
            for callee in reversed(callees):
                if callee.startswith(("org.springframework.web.filter.OncePerRequestFilter.",
                                      "org.springframework.web.filter.GenericFilterBean.")):
                    continue
                if callee.endswith((".doFilter", ".doFilterInternal")):
                    return callee.rsplit(".", 1)[0]
                return "the servlet and everything it calls (downstream of the filters)"
            return "org.springframework.web.filter.OncePerRequestFilter (its own bookkeeping)"
    return None


# Each filter's own cost: the samples in it and what it calls, but not in the rest of the chain.
by_filter = collections.Counter()
for e in samples:
    owner = filter_of(frames(e))
    if owner:
        by_filter[owner] += 1
if by_filter:
    md += table("Servlet filters, each charged with its own work only (not the rest of the chain)",
                by_filter, total)

for kind, title in (("jdk.ThreadPark", "Where threads parked (jdk.ThreadPark, ≥ 10 ms by default), by caller"),
                    ("jdk.JavaMonitorEnter", "Contended monitors (jdk.JavaMonitorEnter), by caller")):
    try:
        evs = events(kind)
    except subprocess.CalledProcessError:
        continue
    callers = collections.Counter()
    for e in evs:
        stack = [f for f in frames(e) if not f.startswith(("jdk.internal.", "java.util.concurrent.locks.",
                                                            "java.lang.VirtualThread", "java.lang.Thread."))]
        callers[" < ".join(stack[:3]) or "?"] += 1
    if evs:
        md += table(title, callers, len(evs), 12)

gcs = events("jdk.GarbageCollection")
if gcs:
    def millis(d):
        # durations print as ISO-8601 like "PT0.0123S" or numbers of nanoseconds, by JDK version
        if isinstance(d, (int, float)):
            return d / 1e6
        d = d.replace("PT", "").rstrip("S")
        return float(d) * 1000 if d else 0.0

    pause = sum(millis(e["values"].get("sumOfPauses", e["values"].get("duration", 0))) for e in gcs)
    md += [f"GC: {len(gcs)} collections, {pause:.0f} ms total pause.", ""]

print("\n".join(md))
