"""Extraction through the real pipeline (``pipeline.extract_batch``: source → layout → extraction →
graph → N-Triples): scaling over worker processes, peak memory, and growth with corpus size.

Used by bench_extract.py (``--scaling``, ``--corpus``); it can also be run alone:

    .venv/bin/python bench/bench_extract_scaling.py [--corpus-sizes 100,1000] [--jobs 1,2]

Every measurement runs in a fresh Python process (this file with ``--measure``), so that its peak
RSS — ``ru_maxrss`` of that process (the parent of the batch) and of its largest worker — belongs to
that run alone. CPU time is the parent's plus its workers'; wall time is printed beside it, and the
load average before and after each run (the machine is shared). The generated corpus
(``budgetgraph generate``, text and PDF) is cached under /tmp, never in the repository.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from budgetgraph.pipeline import ExtractOptions, default_jobs, extract_batch  # noqa: E402

CORPUS_ROOT = Path(tempfile.gettempdir()) / "budgetgraph-bench-corpus"
CORPUS_SEED = 7
FILES_PER_UNIT = 4  # one year: budget and final accounts, each as text and as PDF


@dataclass(frozen=True)
class Run:
    """One batch: what was extracted, how long it took, how much memory it held at its peak."""

    documents: int
    failed: int
    triples: int
    wall: float
    cpu_parent: float
    cpu_workers: float
    rss_parent_mib: float
    rss_worker_mib: float  # 0 when the batch ran in the parent (one job)
    load_before: float  # 1-minute load average
    load_after: float

    @property
    def cpu(self) -> float:
        return self.cpu_parent + self.cpu_workers


def measure(paths: Sequence[Path], jobs: int) -> Run:
    """Run ``extract_batch`` over ``paths`` with ``jobs`` workers in a fresh process."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(str(path) for path in paths))
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--measure", listing.name, "--jobs", str(jobs)],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        os.unlink(listing.name)
    return Run(**json.loads(done.stdout.strip().splitlines()[-1]))


def _measure_here(listing: Path, jobs: int) -> None:
    paths = [Path(line) for line in listing.read_text().splitlines() if line]
    load_before = os.getloadavg()[0]
    start = time.perf_counter()
    failed = triples = 0
    for outcome in extract_batch(paths, ExtractOptions(), jobs=jobs):
        failed += not outcome.ok
        triples += outcome.triples
    wall = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)  # reaped when the pool shut down
    run = Run(
        documents=len(paths),
        failed=failed,
        triples=triples,
        wall=wall,
        cpu_parent=own.ru_utime + own.ru_stime,
        cpu_workers=workers.ru_utime + workers.ru_stime,
        rss_parent_mib=own.ru_maxrss / 1024,  # KiB on Linux
        rss_worker_mib=workers.ru_maxrss / 1024 if jobs > 1 else 0.0,
        load_before=load_before,
        load_after=os.getloadavg()[0],
    )
    print(json.dumps(run.__dict__))


def _mib(value: float) -> str:
    return f"{value:.0f}" if value else "-"


def page_count(paths: Sequence[Path]) -> int:
    import pypdfium2 as pdfium

    pages = 0
    for path in paths:
        if path.suffix.lower() == ".pdf":
            document = pdfium.PdfDocument(path)
            pages += len(document)
            document.close()
    return pages


# ------------------------------------------------------------------------------------------
# Scaling over worker processes


def scaling(paths: Sequence[Path], jobs_list: Sequence[int]) -> None:
    pages = page_count(paths)
    print(
        f"\n### Scaling: pipeline.extract_batch over {len(paths)} PDFs ({pages} pages), "
        f"{os.cpu_count()} CPUs, 1-minute load average {os.getloadavg()[0]:.1f} at the start"
    )
    header = (
        f"{'jobs':>4} {'wall s':>7} {'CPU s':>7} {'pages/s wall':>12} {'pages/CPU-s':>11} "
        f"{'speed-up':>8} {'RSS parent MiB':>14} {'RSS worker MiB':>14} {'load':>9}"
    )
    print(header)
    print("-" * len(header))
    first: Run | None = None
    for jobs in jobs_list:
        run = measure(paths, jobs)
        first = first or run
        print(
            f"{jobs:4d} {run.wall:7.1f} {run.cpu:7.1f} {pages / run.wall:12.1f} {pages / run.cpu:11.1f} "
            f"{first.wall / run.wall:7.2f}× {_mib(run.rss_parent_mib):>14} {_mib(run.rss_worker_mib):>14} "
            f"{run.load_before:4.1f}→{run.load_after:<4.1f}"
            + (f"  ({run.failed} failed)" if run.failed else "")
        )
    print(
        "# speed-up is wall time of the first row / this row; pages/CPU-s is per core. With other jobs\n"
        "# on the machine (load above the core count), two workers cannot get two whole cores."
    )


# ------------------------------------------------------------------------------------------
# Growth with corpus size


def corpus(size: int, root: Path = CORPUS_ROOT) -> list[Path]:
    """The first ``size`` documents (whole units) of a cached generated corpus of at least that size."""
    units = -(-size // FILES_PER_UNIT)
    cached = sorted(root.glob("units*"), key=lambda p: int(p.name.split("-")[0][5:]))
    folder = next(
        (p for p in cached if int(p.name.split("-")[0][5:]) >= units and (p / ".done").exists()), None
    )
    if folder is None:
        folder = root / f"units{units}-seed{CORPUS_SEED}"
        scratch = folder.with_name(folder.name + ".partial")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        start = time.perf_counter()
        subprocess.run(
            [
                *(sys.executable, "-c", "import sys; from budgetgraph.cli import main; sys.exit(main())"),
                *("generate", "--units", str(units), "--years", "1", "--formats", "text,pdf"),
                *("--templates", "national,shanghai", "--seed", str(CORPUS_SEED), "-o", str(scratch)),
            ],
            check=True,
            capture_output=True,
        )
        (scratch / ".done").write_text(f"generated in {time.perf_counter() - start:.0f} s\n")
        shutil.rmtree(folder, ignore_errors=True)
        scratch.rename(folder)
    documents = sorted(p for p in folder.iterdir() if p.suffix in (".pdf", ".txt"))
    return documents[:size]


def growth(sizes: Sequence[int], jobs: int) -> None:
    print(
        f"\n### Growth: pipeline.extract_batch, {jobs} worker(s), generated corpus (national and Shanghai "
        f"templates, text and PDF, cached in {CORPUS_ROOT})"
    )
    header = (
        f"{'documents':>9} {'PDF pages':>9} {'wall s':>7} {'CPU s':>7} {'docs/s wall':>11} "
        f"{'CPU ms/doc':>10} {'RSS parent MiB':>14} {'RSS worker MiB':>14} {'load':>9}"
    )
    runs: list[tuple[int, Run]] = []
    for size in sizes:
        paths = corpus(size)
        if len(runs) == 0:
            print(header)
            print("-" * len(header))
        run = measure(paths, jobs)
        runs.append((size, run))
        print(
            f"{run.documents:9d} {page_count(paths):9d} {run.wall:7.1f} {run.cpu:7.1f} "
            f"{run.documents / run.wall:11.2f} {1000 * run.cpu / run.documents:10.1f} "
            f"{_mib(run.rss_parent_mib):>14} {_mib(run.rss_worker_mib):>14} "
            f"{run.load_before:4.1f}→{run.load_after:<4.1f}"
            + (f"  ({run.failed} failed)" if run.failed else "")
        )
    if len(runs) >= 2:
        (small, a), (large, b) = runs[0], runs[-1]
        per_doc = (b.cpu / b.documents) / (a.cpu / a.documents)
        print(
            f"# from {small} to {large} documents ({large / small:.0f}×): CPU time ×{b.cpu / a.cpu:.1f} "
            f"(per document ×{per_doc:.2f}; 1.00 is linear), peak RSS parent ×"
            f"{b.rss_parent_mib / a.rss_parent_mib:.2f}, worker ×"
            f"{(b.rss_worker_mib / a.rss_worker_mib) if a.rss_worker_mib else float('nan'):.2f}"
        )
        rate = b.cpu / b.documents
        print(
            f"# at that rate 10,000 documents take ~{10000 * rate / 60:.0f} CPU-minutes "
            f"(~{10000 * rate / 60 / max(1, jobs):.0f} min on {jobs} free cores)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--jobs", default="", help="worker counts to compare (default: 1 and all cores)")
    parser.add_argument("--corpus-sizes", default="100,1000", help="generated corpus sizes (documents)")
    parser.add_argument("--nice", type=int, default=10, help="niceness added to this process (default 10)")
    args = parser.parse_args(argv)
    if args.measure is not None:
        _measure_here(args.measure, int(args.jobs))
        return 0
    os.nice(args.nice)
    jobs = [int(j) for j in args.jobs.split(",") if j] or sorted({1, default_jobs()})
    sample = sorted((ROOT / "tests" / "fixtures" / "pdf").glob("*.pdf"))
    sample += sorted((ROOT.parent / "shared" / "real").rglob("*.pdf"))
    scaling(sample * 2, jobs)
    growth([int(s) for s in args.corpus_sizes.split(",") if s], max(jobs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
