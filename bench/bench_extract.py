"""Extraction speed: pages per second of the full extraction, against plain pdfplumber.

For every PDF (the bundled seeds, and ../shared/real when it is there) this measures, in the same
run and on the same pages:

- baseline: pdfplumber ``open`` + ``page.extract_tables()`` on every page;
- layout:   ``load_source`` → ``read_layout`` (tables and text lines);
- full:     layout → ``extract.extract_document`` (the table interpreter and narrative);
- graph:    ``graph.extraction_to_graph`` (triples per second).

Each figure is the best of ``--repeat`` runs of CPU time of this process (the machine is shared;
wall time is printed beside it). Ratios are ours / baseline: the issue-5 target for full extraction is
at most 0.3. It prints figures and asserts nothing.

Then, through the real pipeline (``pipeline.extract_batch``, each run in a fresh process: see
bench_extract_scaling.py): pages per second with 1 and with all worker processes on the same PDFs,
and extraction time and peak memory (RSS of the parent and of a worker) for growing sizes of a
generated corpus (text and PDF, cached under /tmp). The process nices itself (``--nice``).

    .venv/bin/python bench/bench_extract.py [--repeat 3] [--corpus-sizes 100,1000] [--jobs 1,2]
    .venv/bin/python bench/bench_extract.py --no-scaling [PDF ...]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from budgetgraph.errors import BudgetGraphError  # noqa: E402
from budgetgraph.iris import Minter  # noqa: E402
from budgetgraph.layout import read_layout  # noqa: E402
from budgetgraph.pipeline import default_jobs  # noqa: E402
from budgetgraph.records import Extraction, Layout  # noqa: E402
from budgetgraph.sources import load_source  # noqa: E402

SEED_PDFS = ROOT / "tests" / "fixtures" / "pdf"
REAL = ROOT.parent / "shared" / "real"


@dataclass(frozen=True)
class Timing:
    cpu: float
    wall: float


@dataclass
class Row:
    name: str
    pages: int
    baseline: Timing
    layout: Timing
    full: Timing | None
    graph: Timing | None
    triples: int
    note: str = ""
    seed: bool = False


def best_of(repeat: int, work: Callable[[], object]) -> Timing:
    best: Timing | None = None
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        work()
        timing = Timing(time.process_time() - cpu, time.perf_counter() - wall)
        if best is None or timing.cpu < best.cpu:
            best = timing
    assert best is not None
    return best


def baseline(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def measure(path: Path, repeat: int) -> Row:
    source = load_source(path)
    pages = baseline(source.data)
    base = best_of(repeat, lambda: baseline(source.data))

    def layout_only() -> Layout:
        return read_layout(load_source(path))

    lay = best_of(repeat, layout_only)
    full: Timing | None = None
    graph: Timing | None = None
    triples = 0
    note = ""
    try:
        from budgetgraph.extract import extract_document

        def full_run() -> Extraction:
            return extract_document(read_layout(load_source(path)))

        full = best_of(repeat, full_run)
        extraction = full_run()
        try:
            from budgetgraph.graph import extraction_to_graph

            triples = len(extraction_to_graph(extraction, Minter()))
            graph = best_of(repeat, lambda: extraction_to_graph(extraction, Minter()))
        except ImportError as error:
            note = f"graph writer unavailable: {error}"
    except ImportError as error:
        note = f"table interpreter unavailable: {error}"
    except BudgetGraphError as error:
        note = f"extraction failed: {error}"
    seed = path.resolve().parent == SEED_PDFS.resolve()
    return Row(path.name, pages, base, lay, full, graph, triples, note, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs (default: the seeds and ../shared/real)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept")
    parser.add_argument("--no-scaling", action="store_true", help="only the per-PDF figures")
    parser.add_argument("--jobs", default="", help="worker counts to compare (default: 1 and all cores)")
    parser.add_argument("--corpus-sizes", default="100,1000", help="generated corpus sizes, in documents")
    parser.add_argument("--nice", type=int, default=10, help="niceness added to this process (default 10)")
    args = parser.parse_args(argv)
    os.nice(args.nice)
    paths: list[Path] = args.pdfs or sorted(SEED_PDFS.glob("*.pdf")) + sorted(REAL.rglob("*.pdf"))
    print(
        f"# {platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} CPUs · "
        f"Python {platform.python_version()} · load average {_load()} at the start"
    )
    print(f"# pdfplumber {pdfplumber.__version__} · best of {args.repeat} · CPU seconds of this process\n")
    header = (
        f"{'document':44} {'pages':>5} {'base ms/p':>9} {'layout ms/p':>11} {'full ms/p':>9} "
        f"{'full/base':>9} {'full p/s':>8} {'triples/s':>10}"
    )
    print(header)
    print("-" * len(header))
    rows = []
    for path in paths:
        row = measure(path, args.repeat)
        rows.append(row)
        full_ms = f"{1000 * row.full.cpu / row.pages:9.1f}" if row.full else f"{'-':>9}"
        ratio = f"{row.full.cpu / row.baseline.cpu:9.2f}" if row.full else f"{'-':>9}"
        rate = f"{row.pages / row.full.cpu:8.1f}" if row.full and row.full.cpu else f"{'-':>8}"
        tps = f"{row.triples / row.graph.cpu:10.0f}" if row.graph and row.graph.cpu else f"{'-':>10}"
        print(
            f"{row.name[:44]:44} {row.pages:5d} {1000 * row.baseline.cpu / row.pages:9.1f} "
            f"{1000 * row.layout.cpu / row.pages:11.1f} {full_ms} {ratio} {rate} {tps}"
            + (f"  ({row.note})" if row.note else "")
        )
    print("-" * len(header))
    seeds = [r for r in rows if r.seed]
    others = [r for r in rows if not r.seed]
    for label, group in (("all PDFs", rows), ("seed PDFs", seeds), ("other PDFs", others)):
        if group and (label == "all PDFs" or (seeds and others)):
            summarise(label, group)
    print(
        "\n# The seed PDFs set their text in a non-embedded CJK font (STSong-Light): PDFium drops its\n"
        "# single-glyph text objects, which are then recovered from the content stream with pdfminer's\n"
        "# fonts (pdf_miner, pdf_content); a page is interpreted whole by pdfminer only when unsure."
    )
    print(f"# load average {_load()} at the end of the per-PDF figures")
    if not args.no_scaling:
        from bench_extract_scaling import growth, scaling

        jobs = [int(j) for j in args.jobs.split(",") if j] or sorted({1, default_jobs()})
        scaling(paths * 2, jobs)
        growth([int(size) for size in args.corpus_sizes.split(",") if size], max(jobs))
        print(f"\n# load average {_load()} at the end")
    return 0


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def summarise(label: str, rows: list[Row]) -> None:
    pages = sum(r.pages for r in rows)
    base_cpu = sum(r.baseline.cpu for r in rows)
    lay_cpu = sum(r.layout.cpu for r in rows)
    print(f"{label}: {pages} pages in {len(rows)} PDFs")
    print(
        f"  baseline pdfplumber extract_tables: {pages / base_cpu:7.1f} pages/s "
        f"({1000 * base_cpu / pages:.1f} ms/page)"
    )
    print(
        f"  layout (source → Layout):           {pages / lay_cpu:7.1f} pages/s "
        f"({1000 * lay_cpu / pages:.1f} ms/page, {lay_cpu / base_cpu:.2f}× baseline)"
    )
    done = [r for r in rows if r.full]
    if done:
        full_cpu = sum(r.full.cpu for r in done if r.full)
        done_base = sum(r.baseline.cpu for r in done)
        done_pages = sum(r.pages for r in done)
        wall = sum(r.full.wall for r in done if r.full)
        print(
            f"  full extraction (→ Extraction):     {done_pages / full_cpu:7.1f} pages/s "
            f"({1000 * full_cpu / done_pages:.1f} ms/page, {full_cpu / done_base:.2f}× baseline; "
            f"target ≤ 0.30×; wall {done_pages / wall:.1f} pages/s)"
        )
    graphs = [r for r in rows if r.graph]
    if graphs:
        graph_cpu = sum(r.graph.cpu for r in graphs if r.graph)
        triples = sum(r.triples for r in graphs)
        graph_base = sum(r.baseline.cpu for r in graphs)
        print(
            f"  graph writing:                      {triples / graph_cpu:7.0f} triples/s "
            f"({triples} triples; {graph_cpu / graph_base:.2f}× the baseline's time on the same pages)"
        )


if __name__ == "__main__":
    raise SystemExit(main())
