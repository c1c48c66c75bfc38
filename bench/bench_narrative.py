"""Narrative and performance-table stages: time per page, against plain pdfplumber on the same pages.

For every PDF (the bundled seeds, and ../shared/real when it is there) this measures, in one run:

- baseline:    pdfplumber ``open`` + ``page.extract_tables()`` on every page;
- narrative:   ``narrative.extract_narrative`` over the document's layout (paragraphs, statements,
               budget against final, projects, detail facts, glossary);
- performance: ``indicators.performance_tables`` over the same layout;
- rdf:         ``graph_narrative.write_narrative`` for the extraction (triples per second).

The layout is read once and not counted. Each figure is the best of ``--repeat`` runs of this
process's CPU time. It prints figures and asserts nothing.

    .venv/bin/python bench/bench_narrative.py [--repeat 3] [PDF ...]
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from budgetgraph.errors import BudgetGraphError  # noqa: E402
from budgetgraph.extract import extract_document  # noqa: E402
from budgetgraph.graph import make_context  # noqa: E402
from budgetgraph.graph_narrative import write_narrative  # noqa: E402
from budgetgraph.indicators import performance_tables  # noqa: E402
from budgetgraph.iris import Minter  # noqa: E402
from budgetgraph.layout import read_layout  # noqa: E402
from budgetgraph.narrative import extract_narrative  # noqa: E402
from budgetgraph.sources import load_source  # noqa: E402

SEED_PDFS = ROOT / "tests" / "fixtures" / "pdf"
REAL = ROOT.parent / "shared" / "real"


def best_of(repeat: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def baseline(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
        return len(pdf.pages)


def rdf_triples(extraction: object) -> int:
    ctx = make_context(extraction, Minter(), Graph())  # type: ignore[arg-type]
    write_narrative(ctx)
    return len(ctx.graph)


def measure(path: Path, repeat: int) -> tuple[int, float, float, float, float, int]:
    """pages, baseline, narrative, performance and RDF CPU seconds, and the narrative triples."""
    source = load_source(path)
    pages = baseline(source.data)
    base = best_of(repeat, lambda: baseline(source.data))
    layout = read_layout(source)
    narr = best_of(repeat, lambda: extract_narrative(layout.blocks))
    perf = best_of(repeat, lambda: performance_tables(layout.blocks))
    extraction = extract_document(layout)
    triples = rdf_triples(extraction)
    rdf = best_of(repeat, lambda: rdf_triples(extraction))
    return pages, base, narr, perf, rdf, triples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pdfs", nargs="*", type=Path, help="PDFs (default: the seeds and ../shared/real)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept")
    args = parser.parse_args(argv)
    paths: list[Path] = args.pdfs or sorted(SEED_PDFS.glob("*.pdf")) + sorted(REAL.rglob("*.pdf"))
    header = (
        f"{'document':44} {'pages':>5} {'base ms/p':>9} {'narr ms/p':>9} {'perf ms/p':>9} "
        f"{'(narr+perf)/base':>16} {'rdf triples/s':>13}"
    )
    print(f"# best of {args.repeat} · CPU seconds of this process\n")
    print(header)
    print("-" * len(header))
    totals = {"pages": 0.0, "base": 0.0, "narr": 0.0, "perf": 0.0, "rdf": 0.0, "triples": 0.0}
    for path in paths:
        try:
            pages, base, narr, perf, rdf, triples = measure(path, args.repeat)
        except BudgetGraphError as error:
            print(f"{path.name[:44]:44} extraction failed: {error}")
            continue
        rate = f"{triples / rdf:13.0f}" if rdf else f"{'-':>13}"
        print(
            f"{path.name[:44]:44} {pages:5d} {1000 * base / pages:9.1f} {1000 * narr / pages:9.2f} "
            f"{1000 * perf / pages:9.2f} {(narr + perf) / base:16.3f} {rate}"
        )
        for key, value in (("pages", pages), ("base", base), ("narr", narr), ("perf", perf), ("rdf", rdf),
                           ("triples", triples)):  # fmt: skip
            totals[key] += value
    if totals["pages"]:
        print("-" * len(header))
        print(
            f"total {int(totals['pages'])} pages: baseline {totals['pages'] / totals['base']:.1f} pages/s; "
            f"narrative {totals['pages'] / max(totals['narr'], 1e-9):.1f} pages/s; "
            f"performance tables {totals['pages'] / max(totals['perf'], 1e-9):.1f} pages/s; "
            f"(narrative + performance) / baseline = "
            f"{(totals['narr'] + totals['perf']) / totals['base']:.3f}; "
            f"narrative RDF {totals['triples'] / max(totals['rdf'], 1e-9):.0f} triples/s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
