"""Tables and the scaling plot from bench/search/results/*.json.

    .venv/bin/python bench/search/report.py   # prints Markdown; writes docs/benchmarks/search-scaling.png
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "search" / "results"
PLOT = ROOT / "docs" / "benchmarks" / "search-scaling.png"
OVERHEAD_PLOT = ROOT / "docs" / "benchmarks" / "search-overhead.png"
ENGINES = ("http", "opis_inprocess", "opis_inprocess_cold", "raw_engine", "sqlite_fts5", "postgresql")
CLASSES = ("rare_term", "common_term", "phrase", "cross_script", "facet_heavy", "date_filtered")


def load() -> list[dict[str, Any]]:
    runs = [json.loads(p.read_text()) for p in RESULTS.glob("*.json")]
    return sorted(runs, key=lambda r: int(r["docs"]))


def _mb(n: float) -> str:
    return f"{n / 2**20:,.0f} MB"


def _index_s(r: dict[str, Any]) -> float:
    b = r["build"]
    return float(b.get("index_s", b["seconds"]["index"]))


def build_table(runs: list[dict[str, Any]]) -> str:
    lines = ["| documents | load wall time (all engines) | index build | docs/s | index size | FTS5 load "
             "| PostgreSQL load (incl. GIN) | server RSS after queries (anon + file) | peak RSS |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in runs:
        b, rss = r["build"], r["rss"]["after_queries"]
        s = b["seconds"]
        pg = f"{s['postgres']:,.0f} s" if "postgres" in s else "—"
        wall = f"{b['wall_s']:,.0f} s" if "wall_s" in b else "—"
        lines.append(f"| {r['docs']:,} | {wall} | {_index_s(r):,.0f} s | {b['docs_per_s_index']:,.0f} | "
                     f"{_mb(b['index_bytes'])} | {s['fts5']:,.0f} s | {pg} | {_mb(rss['VmRSS'])} "
                     f"({_mb(rss['RssAnon'])} + {_mb(rss['RssFile'])}) | {_mb(rss['VmHWM'])} |")
    return "\n".join(lines)


def _ms(v: float) -> str:
    return f"{v:.2f}" if v < 1 else f"{v:.1f}"


def latency_table(run: dict[str, Any]) -> str:
    lat = run["latency"]
    engines = [e for e in ENGINES if e in lat]
    head = "| query | " + " | ".join(f"{e} p50 / p95 / p99 ms (n)" for e in engines) + " | hits |"
    lines = [head, "|" + " --- |" * (len(engines) + 2)]
    for cls in CLASSES:
        cells = [f"{_ms(lat[e][cls]['p50'])} / {_ms(lat[e][cls]['p95'])} / {_ms(lat[e][cls]['p99'])} "
                 f"({lat[e][cls]['n']})" for e in engines]
        lines.append(f"| {cls} | " + " | ".join(cells) + f" | {run.get('totals', {}).get(cls, '')} |")
    return "\n".join(lines)


def ratio_table(runs: list[dict[str, Any]]) -> str:
    lines = ["| documents | query | HTTP p50 | in-process p50 | raw p50 | HTTP − raw | HTTP / raw "
             "| in-process / raw | FTS5 / HTTP | PostgreSQL / HTTP |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in runs:
        lat = r["latency"]
        for cls in CLASSES:
            http, raw = lat["http"][cls]["p50"], lat["raw_engine"][cls]["p50"]
            fts = lat["sqlite_fts5"][cls]["p50"] / http
            pg = f"{lat['postgresql'][cls]['p50'] / http:.1f}×" if "postgresql" in lat else "—"
            inproc = lat["opis_inprocess"][cls]["p50"]
            lines.append(f"| {r['docs']:,} | {cls} | {_ms(http)} ms | {_ms(inproc)} ms | {_ms(raw)} ms | "
                         f"{http - raw:.1f} ms | {http / raw:.1f}× | {inproc / raw:.1f}× | {fts:.1f}× | {pg} |")
    return "\n".join(lines)


def plot(runs: list[dict[str, Any]]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = [r["docs"] for r in runs]
    fig, (ax1, ax2, ax3) = plt.subplots(1, 3, figsize=(15, 4.5))
    for engine in ENGINES:
        ys = [r["latency"].get(engine, {}).get("common_term", {}).get("p50") for r in runs]
        if any(y is not None for y in ys):
            ax1.plot(n, ys, marker="o", label=engine)
    ax1.set(xscale="log", yscale="log", xlabel="documents", ylabel="ms", title="common term, top 10: p50")
    ax1.legend()
    for cls in CLASSES:
        ax2.plot(n, [r["latency"]["http"][cls]["p95"] for r in runs], marker="o", label=cls)
    ax2.set(xscale="log", yscale="log", xlabel="documents", ylabel="ms", title="HTTP p95 by query class")
    ax2.legend(fontsize=8)
    ax3.plot(n, [_index_s(r) for r in runs], marker="o", label="index build (s)")
    ax3.plot(n, [r["rss"]["after_queries"]["VmRSS"] / 2**20 for r in runs], marker="s", label="server RSS (MB)")
    ax3.plot(n, [r["build"]["index_bytes"] / 2**20 for r in runs], marker="^", label="index size (MB)")
    ax3.set(xscale="log", yscale="log", xlabel="documents", title="build time, memory, size")
    ax3.legend()
    fig.tight_layout()
    PLOT.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(PLOT, dpi=110)
    plt.close(fig)
    # What our Python and HTTP add to tantivy's own work, per class (p50 differences).
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), sharey=True)
    for cls in CLASSES:
        raw = [r["latency"]["raw_engine"][cls]["p50"] for r in runs]
        left.plot(n, [r["latency"]["opis_inprocess"][cls]["p50"] - x for r, x in zip(runs, raw, strict=True)],
                  marker="o", label=cls)
        right.plot(n, [r["latency"]["http"][cls]["p50"] - x for r, x in zip(runs, raw, strict=True)],
                   marker="o", label=cls)
    left.set(xscale="log", xlabel="documents", ylabel="ms", title="in-process p50 − raw engine p50")
    right.set(xscale="log", xlabel="documents", title="HTTP p50 − raw engine p50")
    right.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(OVERHEAD_PLOT, dpi=110)
    plt.close(fig)


def main() -> None:
    runs = load()
    if not runs:
        sys.exit("no results in bench/search/results")
    print(build_table(runs), "\n")
    for r in runs:
        print(f"### {r['docs']:,} documents\n\n{latency_table(r)}\n")
    print(ratio_table(runs))
    plot(runs)
    print(f"\nplots: {PLOT.relative_to(ROOT)}, {OVERHEAD_PLOT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
