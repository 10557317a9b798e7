#!/usr/bin/env python3
"""Turns the raw outputs of one bench/run.sh run into a table, ratios and a chart.

    report.py <run dir> <results dir>

Reads <run dir>/{meta.txt, <scenario>.r<n>.wrk.json, baseline-c<clients>.r<n>.pgbench.txt and their
sampled logs, factor-<variant>.p<n>.pgbench.txt, engine.r<n>.json, *.cpu.txt, *.invariant.txt,
*.coupon.txt, hot.r<n>.rss.txt}; writes results.{md,csv,json}, summary.md (what README shows) and
chart.svg into the run dir and copies them to <results dir>/latest.{md,svg} and latest-summary.md.
With BENCH_README=<README.md> it also replaces README's block between the markers
<!-- bench:begin --> and <!-- bench:end --> with summary.md. Python 3 stdlib only.
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
RIVALS = [s for s in meta.get("rivals", "").split() if s]


def add_row(scenario, what, rps, claims_ps, p50, p99, errors, detail, inv_scenario, coupon_state=None,
            error_detail="", per_round=None, status_5xx=0, note=""):
    row = {
        "scenario": scenario, "what": what, "requests_per_s": rps, "claims_per_s": claims_ps,
        "p50_ms": p50, "p99_ms": p99, "errors": errors, "status_5xx": status_5xx, "error_detail": error_detail,
        "detail": detail, "note": note,
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


def wrk_row(scenario, what, expected, claims=False, coupon_of=None, note=""):
    w = wrk(scenario)
    if not w:
        return None
    errors, detail = wrk_errors(w)
    return add_row(scenario, what, w["requests"] / w["duration_s"], (w["ok"] / w["duration_s"]) if claims else None,
                   w["latency_ms"]["p50"], w["latency_ms"]["p99"], errors, f"{w['ok']} × {expected} in "
                   f"{w['duration_s']:.1f} s", scenario, coupon(coupon_of) if coupon_of else None, detail,
                   w["per_round"], w["status_5xx"], note)


wrk_row("hot", "POST claim, strategy `coalesced` (the service), one coupon, stock 10M, new user each", "201",
        claims=True, coupon_of="hot")
sold = wrk_row("sold-out", "POST claim on a sold-out coupon, new user each", "409 COUPON_SOLD_OUT (expected)",
               coupon_of="sold-out")
if sold:
    sold["claims_per_s"] = 0.0
wrk_row("liveness", "GET /actuator/health/liveness", "200")
wrk_row("details", "GET /api/coupons/{coupon with 10 units, 1 claimant}", "200")
wrk_row("bare", "GET /up on a bare Spring Boot app (same versions, JVM flags, virtual threads)", "200")
RIVAL_WHAT = {
    "pessimistic": "POST claim, strategy `pessimistic`: one transaction per claim, SELECT … FOR UPDATE",
    "conditional": "POST claim, strategy `conditional`: one transaction per claim, UPDATE … WHERE remaining_amount > 0",
    "serializable": "POST claim, strategy `serializable`: one SERIALIZABLE transaction per claim, retried on 40001",
}
for strategy in RIVALS:
    wrk_row(strategy, RIVAL_WHAT.get(strategy, f"POST claim, strategy `{strategy}`"), "201", claims=True,
            coupon_of=strategy,
            note="retries every lost race; compare with care" if strategy == "serializable" else "")


def pgbench_text_stats(text):
    def grab(pattern, cast=float, default=0):
        m = re.search(pattern, text, re.M)
        return cast(m.group(1)) if m else default
    return {"processed": grab(r"number of transactions actually processed: (\d+)", int),
            "seconds": grab(r"^duration: (\d+) s", float, 0.0),
            "failed": grab(r"number of failed transactions: (\d+)", int),
            "aborted": len(re.findall(r"aborted", text)),
            "tps": grab(r"^tps = ([\d.]+)", float)}


def pgbench_latencies(pattern):
    """Transaction latencies in ms from pgbench's (sampled) per-transaction logs."""
    out = []
    for log in glob.glob(path(pattern)):
        if log.endswith(".txt"):
            continue
        with open(log) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 3 and parts[2].isdigit():
                    out.append(int(parts[2]) / 1000.0)
    out.sort()
    return out


def pct(values, p):
    if not values:
        return None
    return values[max(0, min(len(values) - 1, math.ceil(p / 100 * len(values)) - 1))]


# The pgbench baseline: every client count of the sweep, the best of them as "baseline".
sweep = []
for p in glob.glob(path("baseline-c*.r*.pgbench.txt")):
    m = re.search(r"baseline-c(\d+)\.r\d+\.pgbench\.txt$", p)
    if m and int(m.group(1)) not in sweep:
        sweep.append(int(m.group(1)))
sweep.sort()
sweep_rows = []
for clients in sweep:
    name = f"baseline-c{clients}"
    stats = [pgbench_text_stats(read_path(p)) for p in slices(name, "pgbench.txt")]
    processed = sum(s["processed"] for s in stats)
    seconds = sum(s["seconds"] or float(meta.get("slice_s", 1) or 1) for s in stats)
    failed = sum(s["failed"] for s in stats)
    aborted = sum(s["aborted"] for s in stats)
    lat = pgbench_latencies(f"{name}.r*.log*")
    tps = processed / seconds if seconds else 0.0
    sweep_rows.append({"clients": clients, "name": name, "tps": tps, "p50": pct(lat, 50), "p99": pct(lat, 99),
                       "latency_samples": len(lat), "processed": processed, "errors": failed + aborted,
                       "failed": failed, "aborted": aborted,
                       "per_round": [s["processed"] / (s["seconds"] or 1) for s in stats]})
best = max(sweep_rows, key=lambda r: r["tps"]) if sweep_rows else None
latency_note = f"a {meta.get('baseline_sampling', '?')} sample of them"
if best and not best["latency_samples"]:
    # The measured runs logged nothing: the percentiles come from the separate logged run.
    lat = pgbench_latencies("baseline-latency.log*")
    if lat:
        best["p50"], best["p99"], best["latency_samples"] = pct(lat, 50), pct(lat, 99), len(lat)
        latency_note = (f"a separate run with {meta.get('baseline_latency_clients', '?')} clients and a "
                        f"per-transaction log")
if best:
    row = add_row("baseline", f"pgbench: BEGIN; SELECT … FOR UPDATE; INSERT; UPDATE; COMMIT per claim, "
                  f"{best['clients']} clients (the best of {', '.join(str(r['clients']) for r in sweep_rows)})",
                  best["tps"], best["tps"], best["p50"], best["p99"], best["errors"],
                  f"{best['processed']} transactions; latency from {latency_note} "
                  f"({best['latency_samples']} transactions)", best["name"], coupon(best["name"]),
                  f"{best['failed']} failed transactions, {best['aborted']} aborted clients", best["per_round"])
    row["cpu_source"] = best["name"]

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


def cpu_of(files):
    """Cores used while the given slices ran: machine busy, the service (or the engine JVM),
    PostgreSQL, the load generator, and everything else on the machine."""
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


def cpu(scenario):
    return cpu_of(slices(scenario, "cpu.txt"))


def per_request(c, rps):
    if c and rps:
        # CPU per request is far less sensitive to the neighbours' load than requests/s.
        c["service_ms_per_request"] = 1000.0 * c["service"] / rps
        c["postgres_ms_per_request"] = 1000.0 * c["postgres"] / rps
        c["load_generator_ms_per_request"] = 1000.0 * c["load_generator"] / rps
    return c


for r in rows:
    r["cpu"] = per_request(cpu(r.get("cpu_source", r["scenario"])), r["requests_per_s"])
for s in sweep_rows:
    s["cpu"] = per_request(cpu(s["name"]), s["tps"])

# What made the old baseline slower: each variant changes one thing against the strongest setting.
FACTOR_WHAT = {
    "strongest": "own fresh tables, no log, every JVM stopped, best client count, -M prepared, -j 2",
    "log-every": "… plus a per-transaction log (-l)",
    "sampled-log": "… plus a 2 % sampled log (-l --sampling-rate=0.02)",
    "service-tables": "… on the service's tables (its grown claims table and indexes)",
    "idle-service": "… with the service's JVM running, idle",
    "j1": "… with one pgbench thread (-j 1)",
    "simple": "… with the simple query protocol (-M simple)",
    "c64": "… with 64 clients",
    "as-before": "the old baseline: service's tables, -l, service JVM running, 64 clients",
}
factors = []
for variant in FACTOR_WHAT:
    files = sorted(glob.glob(path(f"factor-{variant}.p*.pgbench.txt")))
    if not files:
        continue
    stats = [pgbench_text_stats(read_path(f)) for f in files]
    c = cpu_of(sorted(glob.glob(path(f"factor-{variant}.p*.cpu.txt"))))
    tps = [s["tps"] for s in stats]
    mean = sum(tps) / len(tps)
    clients = re.search(r"number of clients: (\d+)", read_path(files[0]))
    factors.append({"variant": variant, "what": FACTOR_WHAT[variant], "tps": tps, "mean": mean,
                    "clients": int(clients.group(1)) if clients else None,
                    "errors": sum(s["failed"] + s["aborted"] for s in stats),
                    "cpu": per_request(c, mean)})
strongest = next((f for f in factors if f["variant"] == "strongest"), None)

by = {r["scenario"]: r for r in rows}
rss_samples = [int(read_path(p).split()[0]) for p in slices("hot", "rss.txt")]
rss_mb = max(rss_samples) / 1024 if rss_samples else None


def ratio(name, num, den, target, at_least=True, unit="×", note=""):
    if num is None or den in (None, 0):
        return None
    value = num / den
    return {"name": name, "value": value, "target": target, "at_least": at_least, "unit": unit, "note": note,
            "met": None if target is None else (value >= target if at_least else value <= target)}


def get(scenario, key):
    r = by.get(scenario)
    return r and r[key]


ratios = []
candidates = [
    ("coalesced ÷ pessimistic, over HTTP (claims/s)", get("hot", "claims_per_s"), get("pessimistic", "claims_per_s"), 15, True, ""),
    ("coalesced ÷ conditional, over HTTP (claims/s)", get("hot", "claims_per_s"), get("conditional", "claims_per_s"), 5, True, ""),
    ("coalesced ÷ serializable, over HTTP (claims/s)", get("hot", "claims_per_s"), get("serializable", "claims_per_s"), None, True,
     "no target: retries every lost race"),
    ("engine ÷ strongest pgbench baseline (claims/s)", get("engine", "claims_per_s"), get("baseline", "claims_per_s"), 30, True, ""),
    ("hot ÷ liveness (requests/s)", get("hot", "requests_per_s"), get("liveness", "requests_per_s"), 0.75, True, ""),
    ("sold-out ÷ liveness (requests/s)", get("sold-out", "requests_per_s"), get("liveness", "requests_per_s"), 1, True, ""),
    ("details of a small coupon ÷ liveness (requests/s)", get("details", "requests_per_s"), get("liveness", "requests_per_s"), 0.6, True, ""),
    ("our liveness ÷ the bare app (requests/s)", get("liveness", "requests_per_s"), get("bare", "requests_per_s"), 0.9, True, ""),
    ("p99(hot) ÷ p99(liveness)", get("hot", "p99_ms"), get("liveness", "p99_ms"), 2, False, ""),
]
for name, num, den, target, at_least, note in candidates:
    r = ratio(name, num, den, target, at_least, note=note)
    if r:
        ratios.append(r)
if rss_mb is not None:
    ratios.append({"name": "RSS of the service under hot (max)", "value": rss_mb, "target": 300, "at_least": False,
                   "unit": " MB", "met": rss_mb <= 300, "note": ""})

violations = []
for p in sorted(glob.glob(path("*.invariant.txt"))):
    stock, dup, _, _ = (int(x) for x in read_path(p).strip().split("|"))
    if stock or dup:
        violations.append(f"after {os.path.basename(p)[:-len('.invariant.txt')]}: {stock} stock violations, "
                          f"{dup} duplicate claims")
invariant_checks = len(glob.glob(path("*.invariant.txt")))
if violations:
    with open(path("violations"), "w") as f:
        f.write("; ".join(violations) + "\n")
total_5xx = sum(r["status_5xx"] for r in rows)
total_errors = sum(r["errors"] for r in rows) + sum(s["errors"] for s in sweep_rows)
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
ratios.append({"name": "invariant violations / 5xx, every scenario", "value": len(violations) + total_5xx,
               "target": 0, "at_least": False, "unit": "", "met": not violations and total_5xx == 0,
               "text": f"{len(violations)} / {total_5xx}", "note": ""})


# ------------------------------------------------------------------ markdown
def num(v, digits=0):
    if v is None:
        return "—"
    return f"{v:,.{digits}f}"


def ms(v):
    return "—" if v is None else (f"{v:.2f}" if v < 10 else f"{v:.1f}")


def fmt_ratio(r):
    if "text" in r:
        return r["text"]
    return f"{r['value']:.0f}{r['unit']}" if r["unit"] in (" MB", " %") else f"{r['value']:.2f}{r['unit']}"


def fmt_target(r):
    if r["target"] is None:
        return "—"
    if r["unit"] == "" and r["target"] == 0:
        return "0"
    sign = "≥" if r["at_least"] else "≤"
    return f"{sign} {r['target']:g}{r['unit']}"


def verdict(r):
    if r["met"] is None:
        return r.get("note", "")
    return ("✅ met" if r["met"] else "❌ missed") + (f" ({r['note']})" if r.get("note") else "")


def cpu_cell(r):
    c = r.get("cpu")
    if not c or "service_ms_per_request" not in c:
        return "—", "—"
    return f"{c['service_ms_per_request']:.3f}", f"{c['postgres_ms_per_request']:.3f}"


def summary_lines():
    """The scenario table and the targets: what README shows."""
    out = ["| scenario | requests/s | claims/s | p50 ms | p99 ms | 5xx | other errors | service CPU ms / req | "
           "PostgreSQL CPU ms / req |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        svc, pg = cpu_cell(r)
        if r["scenario"] == "engine":
            svc = svc + " (engine JVM)" if svc != "—" else svc
        if r["scenario"] == "baseline":
            svc = "— (pgbench " + (f"{r['cpu']['load_generator_ms_per_request']:.3f}" if r.get("cpu") else "?") + ")"
        label = r["scenario"] + (" ⚠" if r.get("note") else "")
        out.append(f"| {label} | {num(r['requests_per_s'])} | {num(r['claims_per_s'])} | {ms(r['p50_ms'])} | "
                   f"{ms(r['p99_ms'])} | {r['status_5xx']} | {r['errors'] - r['status_5xx']} | {svc} | {pg} |")
    out += ["", "| ratio (this run) | value | target | |", "|---|---:|---:|---|"]
    for r in ratios:
        out.append(f"| {r['name']} | {fmt_ratio(r)} | {fmt_target(r)} | {verdict(r)} |")
    return out


md = [f"# Hot-coupon benchmark — {meta.get('run_id', '?')}", ""]
md.append(f"Commit `{meta.get('git_commit', '?')}` · {meta.get('host', '?')} · {meta.get('java', '?')} · "
          f"PostgreSQL {meta.get('pg_version', '?')} ({meta.get('database', '?')}) · {meta.get('wrk', 'wrk')}")
md.append("")
md.append(f"Warm-up: {meta.get('warmup_s', '?')} s of each HTTP path of each JVM before anything is measured (the "
          f"engine warms up {meta.get('warmup_s', '?')} s itself). Each scenario is measured {meta.get('duration_s', '?')} s "
          f"in {meta.get('rounds', '?')} slices of {meta.get('slice_s', '?')} s, one per round, the rounds one after the "
          f"other (so neighbours' load spreads over all scenarios); HTTP slices settle {meta.get('settle_s', '?')} s first; "
          f"{meta.get('connections', '?')} wrk connections / engine threads. Only the JVM being measured runs: the "
          f"others are stopped (SIGSTOP), and all of them during pgbench. Every JVM under HTTP load (the service, one "
          f"per rival strategy, the bare app) runs with `{meta.get('app_java_opts', '?')}`; the rival strategies "
          f"with their waiting room (`{meta.get('rival_settings', '?').strip()}`). Statistics: ANALYZE "
          f"{meta.get('analyzed', '?')}. Load average before / per round / after: {meta.get('load_before', '?')} / "
          + " / ".join(v for k, v in sorted(meta.items()) if k.startswith("load_round_"))
          + f" / {meta.get('load_after', '?')}; busy cores just before the start: {meta.get('busy_before_cores', '?')} "
          f"(compare ratios within one run only).")
md.append("")
md += summary_lines()
md.append("")
notes = [r for r in rows if r.get("note")]
for r in notes:
    md.append(f"⚠ {r['scenario']}: {r['note']}.")
if notes:
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
if sweep_rows:
    md.append(f"The pgbench baseline runs on tables of its own (`{meta.get('baseline_schema', '?')}`), with every JVM "
              f"stopped and no per-transaction log (latency from {latency_note}). "
              "Client counts tried, each in every round; the best is the baseline above:")
    md.append("")
    md.append("| clients | claims/s | p50 ms | p99 ms | PostgreSQL CPU ms / claim | pgbench CPU ms / claim | errors |")
    md.append("|---:|---:|---:|---:|---:|---:|---:|")
    for s in sweep_rows:
        c = s.get("cpu") or {}
        md.append(f"| {s['clients']}{' (best)' if s is best else ''} | {num(s['tps'])} | {ms(s['p50'])} | "
                  f"{ms(s['p99'])} | {c.get('postgres_ms_per_request', 0):.3f} | "
                  f"{c.get('load_generator_ms_per_request', 0):.3f} | {s['errors']} |")
    md.append("")
if factors:
    md.append(f"What slows pgbench down: each variant changes one thing against the strongest setting, "
              f"{meta.get('baseline_factors_clients', '?')} clients unless said otherwise; two short passes, "
              f"interleaved:")
    md.append("")
    md.append("| variant | what | clients | claims/s, pass 1 / 2 | mean | vs strongest | PostgreSQL CPU ms / claim |")
    md.append("|---|---|---:|---:|---:|---:|---:|")
    for f in factors:
        rel = f"{100.0 * (f['mean'] / strongest['mean'] - 1):+.0f} %" if strongest and strongest["mean"] else "—"
        c = f.get("cpu") or {}
        md.append(f"| {f['variant']} | {f['what']} | {f['clients']} | {' / '.join(num(t) for t in f['tps'])} | "
                  f"{num(f['mean'])} | {rel} | {c.get('postgres_ms_per_request', 0):.3f} |")
    md.append("")
cpu_rows = [r for r in rows if r.get("cpu")]
if cpu_rows:
    cores = cpu_rows[0]["cpu"]["cores"]
    md.append(f"CPU while measuring, in cores of {cores} (from /proc; \"service\" is the JVM measured — the service, "
              "a rival, the bare app, or the engine JVM, which is its own load generator; \"other\" is everything "
              "else on the machine):")
    md.append("")
    md.append("| scenario | machine busy | service | PostgreSQL | wrk / pgbench | other | service CPU ms / request | PostgreSQL CPU ms / request |")
    md.append("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in cpu_rows:
        c = r["cpu"]
        md.append(f"| {r['scenario']} | {c['busy']:.2f} | {c['service']:.2f} | {c['postgres']:.2f} | "
                  f"{c['load_generator']:.2f} | {c['other']:.2f} | {c.get('service_ms_per_request', 0):.3f} | "
                  f"{c.get('postgres_ms_per_request', 0):.3f} |")
    md.append("")
md.append("Invariant (`amount = remaining_amount + count(claims)`, `remaining_amount >= 0`, no duplicate "
          f"(coupon, user)), checked over the whole database after every slice ({invariant_checks} checks): "
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
        if r.get("claims_per_txn"):
            extra += f" ({r['claims_per_txn']:.1f} claims per write transaction)"
    md.append(f"- **{r['scenario']}**: {extra}")
md.append("")
md.append("![throughput and ratios](latest.svg)")
md.append("")

with open(path("results.md"), "w") as f:
    f.write("\n".join(md))

# What README shows, between its markers: the run, the table and the targets.
summary = [f"<!-- generated by bench/report.py from run {meta.get('run_id', '?')}; do not edit by hand -->",
           "", f"Run `{meta.get('run_id', '?')}`, commit `{meta.get('git_commit', '?')}`, {meta.get('host', '?')}; "
           f"{meta.get('duration_s', '?')} s per scenario in {meta.get('rounds', '?')} rounds, "
           f"{meta.get('connections', '?')} connections; load average before / after: {meta.get('load_before', '?')} / "
           f"{meta.get('load_after', '?')}. Full report: [bench/results/latest.md](bench/results/latest.md).", ""]
summary += summary_lines()
summary.append("")
with open(path("summary.md"), "w") as f:
    f.write("\n".join(summary))

with open(path("results.csv"), "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["kind", "name", "requests_per_s", "claims_per_s", "p50_ms", "p99_ms", "errors", "status_5xx",
                  "service_cpu_ms_per_request", "postgres_cpu_ms_per_request",
                  "claims_per_txn", "invariant_violations", "target", "met"])
    for r in rows:
        inv = r["invariant"]
        c = r.get("cpu") or {}
        out.writerow(["scenario", r["scenario"], f"{r['requests_per_s']:.1f}",
                      "" if r["claims_per_s"] is None else f"{r['claims_per_s']:.1f}",
                      "" if r["p50_ms"] is None else f"{r['p50_ms']:.3f}",
                      "" if r["p99_ms"] is None else f"{r['p99_ms']:.3f}", r["errors"], r["status_5xx"],
                      f"{c['service_ms_per_request']:.4f}" if "service_ms_per_request" in c else "",
                      f"{c['postgres_ms_per_request']:.4f}" if "postgres_ms_per_request" in c else "",
                      f"{r['claims_per_txn']:.2f}" if r.get("claims_per_txn") else "",
                      "" if inv is None else inv["stock_violations"] + inv["duplicate_claims"], "", ""])
    for s in sweep_rows:
        out.writerow(["baseline-clients", s["clients"], f"{s['tps']:.1f}", f"{s['tps']:.1f}",
                      "" if s["p50"] is None else f"{s['p50']:.3f}", "" if s["p99"] is None else f"{s['p99']:.3f}",
                      s["errors"], 0, "", "", "", "", "", ""])
    for fct in factors:
        out.writerow(["baseline-factor", fct["variant"], f"{fct['mean']:.1f}", f"{fct['mean']:.1f}", "", "",
                      fct["errors"], 0, "", "", "", "", "", ""])
    for r in ratios:
        out.writerow(["ratio", r["name"], f"{r['value']:.3f}", "", "", "", "", "", "", "", "", "", fmt_target(r), r["met"]])

with open(path("results.json"), "w") as f:
    json.dump({"meta": meta, "scenarios": rows, "baseline_clients": sweep_rows, "baseline_factors": factors,
               "ratios": ratios, "rss_max_mb": rss_mb, "spike_rss_max_mb": spike_rss_mb, "invariant_violations": violations}, f, indent=2)


# ------------------------------------------------------------------ chart
def svg_chart():
    width, left, right = 1000, 250, 210
    plot_w = width - left - right
    bar_rows = [r for r in rows if r["requests_per_s"]]
    top1 = 70
    row_h = 34
    h1 = len(bar_rows) * row_h
    top2 = top1 + h1 + 90
    charted = [r for r in ratios if r["target"] and "text" not in r]
    h2 = len(charted) * row_h
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
    for i, r in enumerate(charted):
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
shutil.copyfile(path("summary.md"), os.path.join(RESULTS_DIR, "latest-summary.md"))

readme = os.environ.get("BENCH_README")
if readme:
    with open(readme) as f:
        text = f.read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    if begin in text and end in text and text.index(begin) < text.index(end):
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        with open(readme, "w") as f:
            f.write(head + begin + "\n" + "\n".join(summary) + "\n" + end + tail)
        print(f"updated {readme} from run {meta.get('run_id', '?')}", file=sys.stderr)
    else:
        print(f"{readme} has no {begin} … {end} block; left alone", file=sys.stderr)
