#!/usr/bin/env python3
"""Turns the raw outputs of one bench/run.sh run into a table, ratios and a chart.

    report.py <run dir> <results dir>

Reads <run dir>/{meta.txt, *.wrk.json, baseline.pgbench.txt, baseline.pgbench.*, engine.json,
*.invariant.txt, *.coupon.txt, hot.rss.txt}; writes results.{md,csv,json}, chart.svg into the run
dir and copies the markdown and the chart to <results dir>/latest.{md,svg}. Python 3 stdlib only.
Every ratio is computed from this one run: numbers from different runs on a shared machine are
not comparable.
"""
import bisect
import csv
import glob
import html
import json
import math
import os
import re
import shutil
import sys

RUN_DIR, RESULTS_DIR = sys.argv[1], sys.argv[2]


def path(name):
    return os.path.join(RUN_DIR, name)


def read(name, default=None):
    try:
        with open(path(name)) as f:
            return f.read()
    except FileNotFoundError:
        return default


meta = {}
for line in (read("meta.txt") or "").splitlines():
    key, _, value = line.partition("=")
    meta[key] = value


def slices(scenario, suffix):
    """The per-round files <scenario>.r<n>.<suffix> of a scenario, in round order."""
    found = []
    for p in glob.glob(path(f"{scenario}.r*.{suffix}")):
        m = re.search(rf"{re.escape(scenario)}\.r(\d+)\.{re.escape(suffix)}$", p)
        if m:
            found.append((int(m.group(1)), p))
    return [p for _, p in sorted(found)]


def read_path(p):
    with open(p) as f:
        return f.read()


def invariant(scenario):
    """The invariant checks after each round of a scenario, summed; None if never checked."""
    checks = [read_path(p).strip() for p in slices(scenario, "invariant.txt")]
    if not checks:
        return None
    total = {"stock_violations": 0, "duplicate_claims": 0, "checks": len(checks)}
    for text in checks:
        stock, dup, coupons, claims = (int(x) for x in text.split("|"))
        total["stock_violations"] += stock
        total["duplicate_claims"] += dup
        total["coupons"], total["claims"] = coupons, claims
    return total


def coupon(scenario):
    """The scenario's coupon as the database holds it after the last round."""
    files = slices(scenario, "coupon.txt")
    text = read_path(files[-1]).strip() if files else ""
    if not text:
        return None
    amount, remaining, version, claims = (int(x) for x in text.split("|"))
    return {"amount": amount, "remaining_amount": remaining, "version": version, "claims": claims}


def quantile_cdf(points, x):
    """Share (0..100) of requests at or below x ms, from a [[percentile, ms], ...] grid."""
    if x < points[0][1]:
        return 0.0
    if x >= points[-1][1]:
        return 100.0
    values = [v for _, v in points]
    k = bisect.bisect_right(values, x) - 1
    (p0, v0), (p1, v1) = points[k], points[k + 1]
    return p0 + (p1 - p0) * (x - v0) / (v1 - v0)


def monotone(points):
    """The grid with latencies made non-decreasing (a sampler's rounding must not break bisection)."""
    out, top = [], 0.0
    for p, v in points:
        top = max(top, v)
        out.append((p, top))
    return out


def merged_percentile(parts, p):
    """Percentile p of several slices' latency distributions together, each weighted by its
    request count; exact at grid points for a single slice."""
    parts = [(n, monotone(pts)) for n, pts in parts if n and pts]
    if not parts:
        return None
    if len(parts) == 1:
        for q, v in parts[0][1]:
            if q >= p:
                return v
        return parts[0][1][-1][1]
    total = sum(n for n, _ in parts)
    lo = min(pts[0][1] for _, pts in parts)
    hi = max(pts[-1][1] for _, pts in parts)
    for _ in range(60):
        mid = (lo + hi) / 2
        if sum(n * quantile_cdf(pts, mid) for n, pts in parts) / total >= p:
            hi = mid
        else:
            lo = mid
    return hi


rows = []


def add_row(scenario, what, rps, claims_ps, p50, p99, errors, detail, inv_scenario, coupon_state=None,
            error_detail="", per_round=None):
    row = {
        "scenario": scenario, "what": what, "requests_per_s": rps, "claims_per_s": claims_ps,
        "p50_ms": p50, "p99_ms": p99, "errors": errors, "error_detail": error_detail, "detail": detail,
        "invariant": invariant(inv_scenario), "coupon": coupon_state, "per_round": per_round or [],
    }
    if coupon_state and coupon_state["version"] > 0:
        row["claims_per_txn"] = coupon_state["claims"] / coupon_state["version"]
    rows.append(row)
    return row


def wrk(name):
    """The wrk slices of a scenario, summed, with their latency distributions merged."""
    parts = [json.loads(read_path(p)) for p in slices(name, "wrk.json")]
    if not parts:
        return None
    w = {k: sum(x[k] for x in parts) for k in ("requests", "duration_s", "ok", "unexpected", "status_5xx")}
    w["socket_errors"] = {k: sum(x["socket_errors"][k] for x in parts) for k in parts[0]["socket_errors"]}
    w["statuses"] = {}
    for x in parts:
        for status, n in x["statuses"].items():
            w["statuses"][status] = w["statuses"].get(status, 0) + n
    w["first_unexpected"] = next((x["first_unexpected"] for x in parts if x["first_unexpected"]), "")
    dists = [(x["requests"], x.get("quantiles")) for x in parts]
    w["latency_ms"] = {"p50": merged_percentile(dists, 50), "p99": merged_percentile(dists, 99)}
    w["per_round"] = [x["requests"] / x["duration_s"] for x in parts]
    return w


def wrk_errors(w):
    sock = sum(w["socket_errors"].values())
    return w["unexpected"] + sock, (f"{w['unexpected']} unexpected responses ({w['status_5xx']} 5xx), "
                                    f"{sock} socket errors; statuses {w['statuses']}"
                                    + (f"; first unexpected: {w['first_unexpected'][:160]}" if w["first_unexpected"] else ""))


w = wrk("hot")
if w:
    errors, detail = wrk_errors(w)
    add_row("hot", "POST claim, one coupon, stock 10M, new user each", w["requests"] / w["duration_s"],
            w["ok"] / w["duration_s"], w["latency_ms"]["p50"], w["latency_ms"]["p99"], errors,
            f"{w['ok']} × 201 in {w['duration_s']:.1f} s", "hot", coupon("hot"), detail, w["per_round"])

w = wrk("sold-out")
if w:
    errors, detail = wrk_errors(w)
    add_row("sold-out", "POST claim on a sold-out coupon, new user each", w["requests"] / w["duration_s"], 0.0,
            w["latency_ms"]["p50"], w["latency_ms"]["p99"], errors,
            f"{w['ok']} × 409 COUPON_SOLD_OUT (expected)", "sold-out", coupon("sold-out"), detail, w["per_round"])

ceilings = []
for name, what in (("ceiling-liveness", "GET /actuator/health/liveness"),
                   ("ceiling-details", "GET /api/coupons/{small coupon}")):
    w = wrk(name)
    if w:
        errors, detail = wrk_errors(w)
        ceilings.append(add_row(name, what, w["requests"] / w["duration_s"], None, w["latency_ms"]["p50"],
                                w["latency_ms"]["p99"], errors, f"{w['ok']} × 200", "ceiling", None, detail,
                                w["per_round"]))
ceiling = max(ceilings, key=lambda r: r["requests_per_s"]) if ceilings else None
if ceiling:
    ceiling["detail"] += " — the ceiling (faster of the two)"

pgb_parts = slices("baseline", "pgbench.txt")
if pgb_parts:
    processed = failed = aborted = 0
    seconds = 0.0
    per_round = []
    for part in pgb_parts:
        text = read_path(part)

        def grab(pattern, cast=float, default=0):
            m = re.search(pattern, text, re.M)
            return cast(m.group(1)) if m else default

        n = grab(r"number of transactions actually processed: (\d+)", int)
        secs = grab(r"^duration: (\d+) s", float, float(meta.get("slice_s", 0) or 1))
        processed += n
        failed += grab(r"number of failed transactions: (\d+)", int)
        aborted += len(re.findall(r"aborted", text))
        seconds += secs
        per_round.append(n / secs)
    latencies = []
    for log in glob.glob(path("baseline.r*.pgbench.*")):
        if log.endswith(".txt"):
            continue
        with open(log) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and parts[2].isdigit():
                    latencies.append(int(parts[2]) / 1000.0)
    latencies.sort()

    def pct(p):
        if not latencies:
            return None
        return latencies[max(0, min(len(latencies) - 1, math.ceil(p / 100 * len(latencies)) - 1))]

    tps = processed / seconds if seconds else 0.0
    add_row("baseline", "pgbench: BEGIN; SELECT … FOR UPDATE; INSERT; UPDATE; COMMIT per claim", tps, tps,
            pct(50), pct(99), failed + aborted, f"{processed} transactions", "baseline", coupon("baseline"),
            f"{failed} failed transactions, {aborted} aborted clients", per_round)

engine_parts = [json.loads(read_path(p)) for p in slices("engine", "json")]
if engine_parts:
    e = {k: sum(x[k] for x in engine_parts) for k in ("requests", "duration_s", "granted", "already_claimed",
                                                      "sold_out", "busy", "failed", "unexpected",
                                                      "conflict_retries")}
    first_failure = next((x["first_failure"] for x in engine_parts if x["first_failure"]), None)
    dists = [(x["requests"], x.get("quantiles")) for x in engine_parts]
    x0 = engine_parts[0]
    add_row("engine", f"ClaimCouponService in-process, {x0['threads']} {x0['thread_kind']} threads",
            e["requests"] / e["duration_s"], e["granted"] / e["duration_s"], merged_percentile(dists, 50),
            merged_percentile(dists, 99), e["unexpected"],
            f"{e['granted']} granted, {e['conflict_retries']} conflict retries", "engine", coupon("engine"),
            f"{e['busy']} busy, {e['failed']} failed, {e['already_claimed']} already claimed, "
            f"{e['sold_out']} sold out" + (f"; first: {first_failure[:160]}" if first_failure else ""),
            [x["requests"] / x["duration_s"] for x in engine_parts])


spike_parts = [json.loads(read_path(p)) for p in slices("spike", "json")]
if spike_parts:
    sp = spike_parts[-1]
    stock = int(meta.get("spike_stock", 0) or 0)
    allowed = lambda k: k == "201" or k.startswith("503") or k in ("409 COUPON_ALREADY_CLAIMED", "409 COUPON_SOLD_OUT")
    unexpected = sum(n for k, n in sp["statuses"].items() if not allowed(k))
    errors = sp["without_answer"] + unexpected + sp["busy_503_without_retry_after"] + (sp["granted"] != stock)
    last = sp["last_answer_s"] or 0
    sold_out = sp["sold_out_s"]

    def secs(v):
        return "—" if v is None else f"{v:.2f} s"

    add_row("spike", f"{sp['shoppers']:,} shoppers at once, a new connection each, stock {stock:,}",
            sp["answered"] / last if last else 0.0, sp["granted"] / sold_out if sold_out else 0.0,
            (sp["p50_s"] or 0) * 1000, (sp["p99_s"] or 0) * 1000, errors,
            f"{sp['granted']} × 201, {sp['busy_503']} × 503 (Retry-After on all but "
            f"{sp['busy_503_without_retry_after']}); sold out after {secs(sold_out)}, last answer after {secs(last)}; "
            f"statuses {sp['statuses']}; service alive afterwards: {meta.get('spike_service_alive', '?')}",
            "spike", coupon("spike"),
            f"{sp['without_answer']} shoppers without an HTTP answer {sp['errors'] or ''}, {unexpected} unexpected "
            f"answers" + ("; problems: " + "; ".join(sp["problems"]) if sp["problems"] else ""))


def cpu(scenario):
    """Cores used while the scenario's slices ran: machine busy, the service (or the engine JVM),
    PostgreSQL, the load generator, and everything else on the machine."""
    files = slices(scenario, "cpu.txt")
    if not files:
        return None
    sums = [0.0] * 5
    cores = hz = 1.0
    for f in files:
        v = [float(x) for x in read_path(f).split()]
        for i in range(5):
            sums[i] += v[5 + i] - v[i]
        cores, hz = v[10], v[11]
    busy, total, app, pg, gen = sums
    seconds = total / cores / hz
    if seconds <= 0:
        return None
    c = {"busy": busy / hz / seconds, "service": app / hz / seconds, "postgres": pg / hz / seconds,
         "load_generator": gen / hz / seconds, "cores": int(cores), "seconds": seconds}
    c["other"] = max(0.0, c["busy"] - c["service"] - c["postgres"] - c["load_generator"])
    return c


for r in rows:
    r["cpu"] = cpu(r["scenario"])
    if r["cpu"] and r["requests_per_s"]:
        # CPU per request is far less sensitive to the neighbours' load than requests/s.
        c = r["cpu"]
        c["service_ms_per_request"] = 1000.0 * c["service"] / r["requests_per_s"]
        c["postgres_ms_per_request"] = 1000.0 * c["postgres"] / r["requests_per_s"]

by = {r["scenario"]: r for r in rows}
rss_samples = [int(read_path(p).split()[0]) for p in slices("hot", "rss.txt")]
rss_mb = max(rss_samples) / 1024 if rss_samples else None


def ratio(name, num, den, target, at_least=True, unit="×"):
    if num is None or den in (None, 0):
        return None
    value = num / den
    return {"name": name, "value": value, "target": target, "at_least": at_least, "unit": unit,
            "met": value >= target if at_least else value <= target}


ratios = []
H, S, B, E = by.get("hot"), by.get("sold-out"), by.get("baseline"), by.get("engine")
C = ceiling
candidates = [
    ("engine ÷ baseline (claims/s)", E and E["claims_per_s"], B and B["claims_per_s"], 30, True),
    ("hot ÷ ceiling (requests/s)", H and H["requests_per_s"], C and C["requests_per_s"], 0.8, True),
    ("hot ÷ baseline (claims/s)", H and H["claims_per_s"], B and B["claims_per_s"], 10, True),
    ("sold-out ÷ ceiling (requests/s)", S and S["requests_per_s"], C and C["requests_per_s"], 0.8, True),
    ("p99(hot) ÷ p99(ceiling)", H and H["p99_ms"], C and C["p99_ms"], 2, False),
]
for name, num, den, target, at_least in candidates:
    r = ratio(name, num, den, target, at_least)
    if r:
        ratios.append(r)
if rss_mb is not None:
    ratios.append({"name": "RSS of the service under hot (max)", "value": rss_mb, "target": 300, "at_least": False,
                   "unit": " MB", "met": rss_mb <= 300})

spike_rss = [int(read_path(p).split()[0]) for p in slices("spike", "rss.txt")]
spike_rss_mb = max(spike_rss) / 1024 if spike_rss else None
S2 = by.get("spike")
if S2:
    sp = spike_parts[-1]
    ratios.append({"name": "spike: shoppers answered", "value": 100.0 * sp["answered"] / sp["shoppers"],
                   "target": 100, "at_least": True, "unit": " %", "met": sp["answered"] == sp["shoppers"]})
if spike_rss_mb is not None:
    ratios.append({"name": "RSS of the service in the spike (max)", "value": spike_rss_mb, "target": 400,
                   "at_least": False, "unit": " MB", "met": spike_rss_mb <= 400})

violations = []
for r in rows:
    inv = r["invariant"]
    if inv and (inv["stock_violations"] or inv["duplicate_claims"]):
        violations.append(f"after {r['scenario']}: {inv['stock_violations']} stock violations, "
                          f"{inv['duplicate_claims']} duplicate claims")
if violations:
    with open(path("violations"), "w") as f:
        f.write("; ".join(violations) + "\n")


# ------------------------------------------------------------------ markdown
def num(v, digits=0):
    if v is None:
        return "—"
    return f"{v:,.{digits}f}"


def ms(v):
    return "—" if v is None else (f"{v:.2f}" if v < 10 else f"{v:.1f}")


def fmt_ratio(r):
    return f"{r['value']:.0f}{r['unit']}" if r["unit"] in (" MB", " %") else f"{r['value']:.2f}{r['unit']}"


def fmt_target(r):
    sign = "≥" if r["at_least"] else "≤"
    return f"{sign} {r['target']:g}{r['unit']}"


md = [f"# Hot-coupon benchmark — {meta.get('run_id', '?')}", ""]
md.append(f"Commit `{meta.get('git_commit', '?')}` · {meta.get('host', '?')} · {meta.get('java', '?')} · "
          f"PostgreSQL {meta.get('pg_version', '?')} ({meta.get('database', '?')}) · {meta.get('wrk', 'wrk')}")
md.append("")
md.append(f"Warm-up: {meta.get('warmup_s', '?')} s of each HTTP path before anything is measured (the engine warms "
          f"up {meta.get('warmup_s', '?')} s itself). Each scenario is measured {meta.get('duration_s', '?')} s in "
          f"{meta.get('rounds', '?')} slices of {meta.get('slice_s', '?')} s, one per round, the rounds one after the "
          f"other (so neighbours' load spreads over all scenarios); HTTP slices settle {meta.get('settle_s', '?')} s first; "
          f"{meta.get('connections', '?')} connections / clients / threads. Service JVM: "
          f"`{meta.get('app_java_opts', '?')}`. Statistics: ANALYZE {meta.get('analyzed', '?')}. "
          f"Load average before/after: {meta.get('load_before', '?')} / "
          f"{meta.get('load_after', '?')}; busy cores just before the start: {meta.get('busy_before_cores', '?')} "
          f"(the machine is shared: compare ratios within one run only).")
md.append("")
md.append("| scenario | what | requests/s | claims/s | p50 ms | p99 ms | errors | claims per write txn | invariant violations |")
md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    inv = r["invariant"]
    inv_text = "—" if inv is None else str(inv["stock_violations"] + inv["duplicate_claims"])
    cpt = r.get("claims_per_txn")
    md.append(f"| {r['scenario']} | {r['what']} | {num(r['requests_per_s'])} | {num(r['claims_per_s'])} | "
              f"{ms(r['p50_ms'])} | {ms(r['p99_ms'])} | {r['errors']} | {num(cpt, 1) if cpt else '—'} | {inv_text} |")
md.append("")
md.append("| ratio | value | target | |")
md.append("|---|---:|---:|---|")
for r in ratios:
    md.append(f"| {r['name']} | {fmt_ratio(r)} | {fmt_target(r)} | {'✅ met' if r['met'] else '❌ missed'} |")
md.append("")
if rss_mb is not None:
    after = [int(v) / 1024 for k, v in sorted(meta.items()) if k.startswith("rss_after_hot_")]
    md.append(f"RSS of the service: {int(meta.get('rss_idle_kb', 0)) / 1024:.0f} MB idle after start, "
              f"max {rss_mb:.0f} MB while `hot` ran (sampled from /proc every 0.2 s)"
              + (f", {' / '.join(f'{a:.0f}' for a in after)} MB right after each hot slice." if after else "."))
    md.append("")
if spike_rss_mb is not None:
    md.append(f"RSS of the service in the spike: max {spike_rss_mb:.0f} MB (sampled from /proc every 0.2 s); load "
              f"average just before it: {meta.get('spike_load_before', '?')}. Requests/s of `spike` is shoppers ÷ "
              "time to the last answer, claims/s the stock ÷ time to sell out, p50/p99 from the release to each "
              "answer (connection set-up included); errors are shoppers without an HTTP answer, answers other "
              "than 201 / 409 with the right code / 503 with Retry-After, and a stock not sold exactly.")
    md.append("")
cpu_rows = [r for r in rows if r.get("cpu")]
if cpu_rows:
    cores = cpu_rows[0]["cpu"]["cores"]
    md.append(f"CPU while measuring, in cores of {cores} (from /proc; \"service\" is the engine JVM in `engine`, "
              "which is its own load generator; \"other\" is everything else on this shared machine):")
    md.append("")
    md.append("| scenario | machine busy | service | PostgreSQL | wrk / pgbench | other | service CPU ms / request | PostgreSQL CPU ms / request |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in cpu_rows:
        c = r["cpu"]
        md.append(f"| {r['scenario']} | {c['busy']:.2f} | {c['service']:.2f} | {c['postgres']:.2f} | "
                  f"{c['load_generator']:.2f} | {c['other']:.2f} | {c.get('service_ms_per_request', 0):.3f} | "
                  f"{c.get('postgres_ms_per_request', 0):.3f} |")
    md.append("")
checks = sum((r["invariant"] or {}).get("checks", 0) for r in rows if r["scenario"] != "ceiling-details")
md.append("Invariant (`amount = remaining_amount + count(claims)`, `remaining_amount >= 0`, no duplicate "
          f"(coupon, user)), checked over the whole database after every slice ({checks} checks): "
          + ("**VIOLATED** — " + "; ".join(violations) if violations else "0 violations."))
md.append("")
if any(len(r["per_round"]) > 1 for r in rows):
    n = max(len(r["per_round"]) for r in rows)
    md.append("Requests/s per round (how much the machine's load moved during the run):")
    md.append("")
    md.append("| scenario | " + " | ".join(f"round {i + 1}" for i in range(n)) + " |")
    md.append("|---|" + "---:|" * n)
    for r in rows:
        cells = [num(v) for v in r["per_round"]] + ["—"] * (n - len(r["per_round"]))
        md.append(f"| {r['scenario']} | " + " | ".join(cells) + " |")
    md.append("")
md.append("Details:")
md.append("")
for r in rows:
    extra = r["detail"]
    if r["error_detail"]:
        extra += f"; {r['error_detail']}"
    c = r["coupon"]
    if c:
        extra += (f"; coupon in the database: {c['claims']} claims, remaining {c['remaining_amount']}/{c['amount']}, "
                  f"{c['version']} write transactions")
    md.append(f"- **{r['scenario']}**: {extra}")
md.append("")
md.append("![throughput and ratios](latest.svg)")
md.append("")

with open(path("results.md"), "w") as f:
    f.write("\n".join(md))

with open(path("results.csv"), "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["kind", "name", "requests_per_s", "claims_per_s", "p50_ms", "p99_ms", "errors",
                  "claims_per_txn", "invariant_violations", "target", "met"])
    for r in rows:
        inv = r["invariant"]
        out.writerow(["scenario", r["scenario"], f"{r['requests_per_s']:.1f}",
                      "" if r["claims_per_s"] is None else f"{r['claims_per_s']:.1f}",
                      f"{r['p50_ms']:.3f}", f"{r['p99_ms']:.3f}", r["errors"],
                      f"{r['claims_per_txn']:.2f}" if r.get("claims_per_txn") else "",
                      "" if inv is None else inv["stock_violations"] + inv["duplicate_claims"], "", ""])
    for r in ratios:
        out.writerow(["ratio", r["name"], f"{r['value']:.3f}", "", "", "", "", "", "", fmt_target(r), r["met"]])

with open(path("results.json"), "w") as f:
    json.dump({"meta": meta, "scenarios": rows, "ratios": ratios, "rss_max_mb": rss_mb, "spike_rss_max_mb": spike_rss_mb,
               "invariant_violations": violations}, f, indent=2)


# ------------------------------------------------------------------ chart
def svg_chart():
    width, left, right = 1000, 250, 210
    plot_w = width - left - right
    bar_rows = [r for r in rows if r["requests_per_s"]]
    top1 = 70
    row_h = 34
    h1 = len(bar_rows) * row_h
    top2 = top1 + h1 + 90
    h2 = len(ratios) * row_h
    height = top2 + h2 + 50
    o = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
         f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="13">',
         f'<rect width="{width}" height="{height}" fill="white"/>',
         f'<text x="{left}" y="28" font-size="17" font-weight="bold">Hot-coupon benchmark — '
         f'{html.escape(meta.get("run_id", ""))}</text>',
         f'<text x="{left}" y="50" fill="#555">{html.escape(meta.get("connections", "?"))} connections, '
         f'{html.escape(meta.get("duration_s", "?"))} s per scenario, commit {html.escape(meta.get("git_commit", "?"))}'
         f' — throughput, log scale</text>']
    values = [v for r in bar_rows for v in (r["requests_per_s"], r["claims_per_s"]) if v]
    lo = 10 ** math.floor(math.log10(max(1.0, min(values)))) if values else 1
    hi = 10 ** math.ceil(math.log10(max(values))) if values else 10
    span = math.log10(hi) - math.log10(lo) or 1

    def x(v):
        return left + plot_w * (math.log10(max(v, lo)) - math.log10(lo)) / span

    decade = lo
    while decade <= hi:
        xx = x(decade)
        o.append(f'<line x1="{xx:.1f}" y1="{top1 - 6}" x2="{xx:.1f}" y2="{top1 + h1}" stroke="#ddd"/>')
        o.append(f'<text x="{xx:.1f}" y="{top1 + h1 + 16}" text-anchor="middle" fill="#777">{decade:,.0f}/s</text>')
        decade *= 10
    for i, r in enumerate(bar_rows):
        y = top1 + i * row_h
        o.append(f'<text x="{left - 10}" y="{y + 17}" text-anchor="end">{html.escape(r["scenario"])}</text>')
        rps = r["requests_per_s"]
        o.append(f'<rect x="{left}" y="{y + 3}" width="{x(rps) - left:.1f}" height="12" fill="#9ecae1"/>')
        label = f"{rps:,.0f} req/s"
        if r["claims_per_s"]:
            cps = r["claims_per_s"]
            o.append(f'<rect x="{left}" y="{y + 16}" width="{x(cps) - left:.1f}" height="12" fill="#08519c"/>')
            label += f" · {cps:,.0f} claims/s"
        o.append(f'<text x="{max(x(rps), x(r["claims_per_s"] or 0)) + 6:.1f}" y="{y + 19}" fill="#333">'
                 f'{html.escape(label)}</text>')
    o.append(f'<rect x="{left}" y="{top1 + h1 + 26}" width="12" height="10" fill="#9ecae1"/>'
             f'<text x="{left + 18}" y="{top1 + h1 + 35}">requests/s</text>'
             f'<rect x="{left + 110}" y="{top1 + h1 + 26}" width="12" height="10" fill="#08519c"/>'
             f'<text x="{left + 128}" y="{top1 + h1 + 35}">claims granted/s</text>')

    o.append(f'<text x="{left}" y="{top2 - 22}" font-size="15" font-weight="bold">Targets '
             f'(longer is better: past the line the target is met)</text>')
    cap = 3.0

    def xr(score):
        return left + plot_w * min(score, cap) / cap

    for mark in (0, 1, 2, 3):
        xx = xr(mark)
        o.append(f'<line x1="{xx:.1f}" y1="{top2 - 6}" x2="{xx:.1f}" y2="{top2 + h2}" '
                 f'stroke="{"#333" if mark == 1 else "#ddd"}" stroke-width="{2 if mark == 1 else 1}"/>')
        o.append(f'<text x="{xx:.1f}" y="{top2 + h2 + 16}" text-anchor="middle" fill="#777">'
                 f'{"target" if mark == 1 else f"{mark}×"}</text>')
    for i, r in enumerate(ratios):
        y = top2 + i * row_h
        score = (r["value"] / r["target"]) if r["at_least"] else (r["target"] / r["value"] if r["value"] else cap)
        colour = "#31a354" if r["met"] else "#de2d26"
        o.append(f'<text x="{left - 10}" y="{y + 18}" text-anchor="end">{html.escape(r["name"])}</text>')
        o.append(f'<rect x="{left}" y="{y + 6}" width="{max(1.0, xr(score) - left):.1f}" height="16" fill="{colour}"/>')
        o.append(f'<text x="{xr(score) + 6:.1f}" y="{y + 19}" fill="#333" stroke="white" stroke-width="4" '
                 f'paint-order="stroke">'
                 f'{html.escape(fmt_ratio(r))} (target {html.escape(fmt_target(r))})</text>')
    o.append("</svg>")
    return "\n".join(o) + "\n"


with open(path("chart.svg"), "w") as f:
    f.write(svg_chart())

os.makedirs(RESULTS_DIR, exist_ok=True)
shutil.copyfile(path("results.md"), os.path.join(RESULTS_DIR, "latest.md"))
shutil.copyfile(path("chart.svg"), os.path.join(RESULTS_DIR, "latest.svg"))
