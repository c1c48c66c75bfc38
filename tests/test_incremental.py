"""Incremental, resumable ingestion: ``extract --store`` and ``load`` skip what the store holds,
replace what changed, survive a bad file, and resume after a SIGKILL with whole documents only."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import pytest

from budgetgraph.cli import main
from budgetgraph.errors import InputError
from budgetgraph.store import GraphStore, open_store
from budgetgraph.store_files import nquads_graphs

UNITS = 4  # a budget and a final account each: 8 documents
CLI = "import sys; from budgetgraph.cli import main; sys.exit(main(sys.argv[1:]))"


def extract_to(inputs: Iterable[Path], out: Path) -> Path:
    """``budgetgraph extract INPUTS -o OUT`` in this process; fails the test if it fails."""
    assert main(["extract", *map(str, inputs), "-o", str(out), "-j", "1", "-q"]) == 0
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "docs"
    assert main(["generate", "--units", str(UNITS), "--years", "1", "--seed", "21", "-o", str(folder)]) == 0
    return folder


@pytest.fixture(scope="module")
def reference(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Each document's graph as ``extract -o`` writes it: graph name → its quads."""
    out = tmp_path_factory.mktemp("reference") / "all.nq"
    extract_to([corpus], out)
    graphs = {data.name: {str(q) for q in data.parsed()} for data in nquads_graphs(out)}
    assert len(graphs) == 2 * UNITS
    return graphs


def documents(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.txt"))


def copy_corpus(corpus: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for path in documents(corpus):
        shutil.copy(path, target / path.name)
    return target


def store_graphs(store: GraphStore) -> dict[str, set[str]]:
    return {name: {str(q) for q in store.graph_quads(name)} for name in store.graphs()}


def assert_consistent(store: GraphStore) -> None:
    """No write in progress, no staging left, and the default graph is exactly the union."""
    assert not store.interrupted()
    assert not [g for g in store.store.named_graphs() if "staging" in str(g)]
    default = {q.triple for q in store.store.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    union = {q.triple for name in store.graphs() for q in store.graph_quads(name)}
    assert default == union


def manifest(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_extract_into_the_store_equals_extract_then_load(
    corpus: Path, reference: dict[str, set[str]], tmp_path: Path
) -> None:
    code = main(["extract", str(corpus), "--store", str(tmp_path / "store"), "-j", "2", "-q"])
    assert code == 0
    store = open_store(tmp_path / "store")
    assert store_graphs(store) == reference
    assert_consistent(store)


def test_a_rerun_skips_every_document(corpus: Path, reference: dict[str, set[str]], tmp_path: Path) -> None:
    args = ["extract", str(corpus), "--store", str(tmp_path / "store"), "-j", "1", "-q"]
    assert main([*args, "--manifest", str(tmp_path / "first.jsonl")]) == 0
    assert {e["status"] for e in manifest(tmp_path / "first.jsonl")} == {"ok"}
    assert main([*args, "--manifest", str(tmp_path / "second.jsonl")]) == 0
    second = manifest(tmp_path / "second.jsonl")
    assert [e["status"] for e in second] == ["skipped"] * len(reference)
    assert {e["graph"] for e in second} == set(reference)
    store = open_store(tmp_path / "store")
    assert store_graphs(store) == reference
    assert_consistent(store)


def test_a_modified_file_replaces_only_its_graph(
    corpus: Path, reference: dict[str, set[str]], tmp_path: Path
) -> None:
    docs = copy_corpus(corpus, tmp_path / "docs")
    args = ["extract", str(docs), "--store", str(tmp_path / "store"), "-j", "1", "-q"]
    assert main(args) == 0
    changed = documents(docs)[2]
    changed.write_text(changed.read_text(encoding="utf-8").replace("2021", "2022"), encoding="utf-8")
    assert main([*args, "--manifest", str(tmp_path / "run.jsonl")]) == 0
    entries = {Path(str(e["file"])).name: e for e in manifest(tmp_path / "run.jsonl")}
    new = entries[changed.name]
    assert new["status"] == "ok"
    (old,) = new["replaced"]  # type: ignore[misc]
    assert old in reference and new["graph"] not in reference
    assert all(e["status"] == "skipped" for name, e in entries.items() if name != changed.name)
    store = open_store(tmp_path / "store")
    graphs = store_graphs(store)
    assert set(graphs) == (set(reference) - {old}) | {new["graph"]}
    assert all(graphs[name] == quads for name, quads in reference.items() if name != old)
    years = {
        q.object.value for q in store.graph_quads(str(new["graph"])) if q.predicate.value.endswith("#year")
    }
    assert years == {"2022"}
    assert_consistent(store)


def test_a_bad_file_leaves_the_rest_loaded(
    corpus: Path, reference: dict[str, set[str]], tmp_path: Path
) -> None:
    docs = copy_corpus(corpus, tmp_path / "docs")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n")  # truncated
    (docs / "empty.txt").write_bytes(b"")
    args = ["extract", str(docs), "--store", str(tmp_path / "store"), "-j", "2", "-q"]
    assert main([*args, "--manifest", str(tmp_path / "run.jsonl")]) == 1
    statuses = {Path(str(e["file"])).name: e["status"] for e in manifest(tmp_path / "run.jsonl")}
    assert statuses.pop("broken.pdf") == statuses.pop("empty.txt") == "failed"
    assert set(statuses.values()) == {"ok"}
    store = open_store(tmp_path / "store")
    assert store_graphs(store) == reference
    assert_consistent(store)
    del store
    assert main([*args, "--manifest", str(tmp_path / "again.jsonl")]) == 1
    again = {Path(str(e["file"])).name: e["status"] for e in manifest(tmp_path / "again.jsonl")}
    assert sorted(again.values()).count("skipped") == len(reference)


def test_a_run_killed_mid_batch_resumes_with_every_document_once(
    corpus: Path, reference: dict[str, set[str]], tmp_path: Path
) -> None:
    store_dir = tmp_path / "store"
    log = tmp_path / "killed.jsonl"
    args = ["extract", str(corpus), "--store", str(store_dir), "-j", "2", "-q", "--commit-every", "2"]
    child = subprocess.Popen([sys.executable, "-c", CLI, *args, "--manifest", str(log)])
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if log.exists() and log.read_text(encoding="utf-8").count('"status": "ok"') >= 2:
            break  # the first batch is committed; the next ones are being extracted
        time.sleep(0.02)
    assert child.poll() is None, "the run finished before it could be killed"
    workers = children_of(child.pid)
    assert workers, "the run has no worker processes"
    child.send_signal(signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 30  # the orphaned workers notice their parent is gone and exit
    while time.monotonic() < deadline and any(alive(pid) for pid in workers):
        time.sleep(0.1)
    assert not [pid for pid in workers if alive(pid)], "worker processes outlived their killed parent"
    stored_before = {e["graph"] for e in manifest(log)}
    assert 2 <= len(stored_before) < len(reference)
    rerun = tmp_path / "rerun.jsonl"
    assert main([*args, "--manifest", str(rerun)]) == 0
    entries = manifest(rerun)
    assert {e["graph"] for e in entries if e["status"] == "skipped"} >= stored_before
    assert len([e for e in entries if e["status"] == "ok"]) <= len(reference) - len(stored_before)
    store = open_store(store_dir)
    assert store_graphs(store) == reference  # every document exactly once, each whole
    assert_consistent(store)


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a zombie or a reaped process does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


KILL_DURING_LOAD = """
import os, signal, sys
from pathlib import Path
from budgetgraph.store import open_store
from budgetgraph.store_files import GraphData, nquads_graphs
store = open_store(Path(sys.argv[1]))
graphs = list(nquads_graphs(Path(sys.argv[2])))
if sys.argv[3] == "half":  # the bulk loader stopped half-way through the batch
    graphs = [GraphData(g.name, g.nquads[: g.nquads.index(b"\\n", len(g.nquads) // 2) + 1],
              g.ntriples[: g.ntriples.index(b"\\n", len(g.ntriples) // 3) + 1]) for g in graphs]
store.bulk_new(graphs)
store.store.flush()
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("moment", ["half", "before-commit"])
def test_a_load_killed_in_the_store_is_undone_on_the_next_open(
    corpus: Path, reference: dict[str, set[str]], tmp_path: Path, moment: str
) -> None:
    first, rest = documents(corpus)[:3], documents(corpus)[3:]
    store_dir = tmp_path / "store"
    assert main(["extract", *map(str, first), "--store", str(store_dir), "-j", "1", "-q"]) == 0
    before = store_graphs(open_store(store_dir))
    batch = tmp_path / "rest.nq"
    extract_to(rest, batch)
    child = subprocess.run([sys.executable, "-c", KILL_DURING_LOAD, str(store_dir), str(batch), moment])
    assert child.returncode == -signal.SIGKILL
    with pytest.raises(Exception, match="interrupted"):
        open_store(store_dir, read_only=True)
    store = open_store(store_dir)
    assert store_graphs(store) == before
    assert_consistent(store)
    del store
    assert main(["extract", str(corpus), "--store", str(store_dir), "-j", "1", "-q"]) == 0
    store = open_store(store_dir)
    assert store_graphs(store) == reference
    assert_consistent(store)


def test_load_skips_unchanged_graphs_and_replaces_changed_ones(
    corpus: Path, reference: dict[str, set[str]], tmp_path: Path
) -> None:
    data = tmp_path / "all.nq"
    extract_to([corpus], data)
    store = open_store(tmp_path / "store")
    first = store.load_file(data)
    assert set(first.graphs) == set(reference) and not first.skipped and not first.replaced
    again = store.load_file(data)
    assert set(again.skipped) == set(reference) and again.quads == 0
    graphs = list(nquads_graphs(data))
    target = graphs[1]
    lines = target.nquads.splitlines(keepends=True)
    changed = tmp_path / "changed.nq"
    changed.write_bytes(b"".join(g.nquads for g in graphs if g is not target) + b"".join(lines[:-5]))
    result = store.load_file(changed)
    assert result.replaced == (target.name,)
    assert set(result.skipped) == set(reference) - {target.name}
    after = store_graphs(store)
    assert after[target.name] == reference[target.name] - {
        str(q) for q in ox.parse(b"".join(lines[-5:]), format=ox.RdfFormat.N_QUADS)
    }
    assert all(after[n] == q for n, q in reference.items() if n != target.name)
    assert_consistent(store)


def test_a_file_broken_after_several_batches_leaves_the_store_as_it_was(
    corpus: Path, reference: dict[str, set[str]], tmp_path: Path
) -> None:
    data = tmp_path / "all.nq"
    extract_to(documents(corpus)[:2], data)
    store = open_store(tmp_path / "store")
    store.load_file(data)
    before = {str(q) for q in store.store}
    rest = tmp_path / "rest.nq"
    extract_to(documents(corpus)[2:], rest)
    broken = tmp_path / "broken.nq"
    broken.write_bytes(rest.read_bytes() + b'<http://a> <http://b> "unterminated <http://g> .\n')
    with pytest.raises(InputError, match=r"broken\.nq"):
        store.load_file(broken, batch_quads=1)  # every graph bulk-loaded on its own before the bad line
    assert {str(q) for q in store.store} == before
    assert_consistent(store)


def test_interleaved_nquads_are_parsed_whole_and_give_the_same_store(
    corpus: Path, reference: dict[str, set[str]], tmp_path: Path
) -> None:
    data = tmp_path / "all.nq"
    extract_to(documents(corpus)[:3], data)
    lines = data.read_bytes().splitlines(keepends=True)
    shuffled = tmp_path / "shuffled.nq"
    shuffled.write_bytes(b"# a comment\n" + b"".join(lines[::2] + lines[1::2]))
    streamed, parsed = open_store(tmp_path / "a"), open_store(tmp_path / "b")
    streamed.load_file(data, batch_quads=1)
    parsed.load_file(shuffled)
    assert store_graphs(streamed) == store_graphs(parsed)
    graphs = store_graphs(parsed)
    assert len(graphs) == 3 and graphs == {name: reference[name] for name in graphs}
    assert_consistent(streamed)
    assert_consistent(parsed)


def test_blank_nodes_are_the_same_nodes_in_the_graph_and_the_default_graph(tmp_path: Path) -> None:
    data = tmp_path / "blank.nq"
    data.write_text(
        '_:b1 <http://example.org/p> "1" <http://example.org/g1> .\n'
        "<http://example.org/s> <http://example.org/q> _:b1 <http://example.org/g1> .\n"
        '_:b2 <http://example.org/p> "2" <http://example.org/g2> .\n',
        encoding="utf-8",
    )
    store = open_store(tmp_path / "store")
    store.load_file(data)
    assert len(store) == 3
    assert_consistent(store)
    store.store.remove_graph(ox.NamedNode("urn:budgetgraph:store:default-is-union"))  # stale: rebuilt
    del store
    store = open_store(tmp_path / "store")
    assert_consistent(store)
    store.remove_graph("http://example.org/g1")
    assert_consistent(store)
    assert store.graphs() == ["http://example.org/g2"]
