"""The vocabulary the pages explain: ontology, code lists and shapes, and where each IRI is served.

IRIs under the data base are served under ``/id/``; ontology terms (hash IRIs of ``bg:``) from
``/def``, shape terms from ``/shapes``, code-list concepts under ``/code/``. ``local_path`` maps an
IRI to its page on this server and ``iri_for_path`` does the reverse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from budgetgraph.errors import StoreError
from budgetgraph.namespaces import BG, BGCODE, BGSH, PREFIXES
from budgetgraph.resources import ontology_dir, shapes_dir

LABEL_PREDICATES = tuple(
    ox.NamedNode(iri)
    for iri in (
        "http://www.w3.org/2004/02/skos/core#prefLabel",
        "http://www.w3.org/2000/01/rdf-schema#label",
        "http://purl.org/dc/terms/title",
        str(BG.printedLabel),
        "http://www.w3.org/2004/02/skos/core#altLabel",
    )
)
SPACE_PATHS = {"def": str(BG), "shapes": str(BGSH)}


@dataclass(frozen=True)
class Spaces:
    """Which IRIs this server answers for, and at which local paths."""

    data_base: str

    def local_path(self, iri: str) -> str | None:
        if iri.startswith(self.data_base):
            return "/id/" + iri[len(self.data_base) :]
        code = str(BGCODE)
        if iri.startswith(code):
            return "/code/" + iri[len(code) :]
        for path, namespace in SPACE_PATHS.items():
            if iri.startswith(namespace):
                return f"/{path}#{iri[len(namespace) :]}"
        return None

    def iri_for_path(self, space: str, rest: str) -> str:
        if space == "id":
            return self.data_base + rest
        if space == "code":
            return str(BGCODE) + rest
        return SPACE_PATHS[space] + rest


def load_vocabulary(folders: tuple[Path, ...] | None = None) -> ox.Store:
    """Every Turtle file of ontology/ (with code lists) and shapes/ in one in-memory store."""
    store = ox.Store()
    for folder in folders if folders is not None else (ontology_dir(), shapes_dir()):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*.ttl")):
            try:
                store.bulk_load(
                    path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(path.resolve().as_uri())
                )
            except (SyntaxError, OSError) as error:
                raise StoreError(f"{path}: cannot read the vocabulary: {error}") from error
    return store


def pick_label(literals: list[ox.Literal]) -> str | None:
    """Chinese first, then English, then any."""
    for wanted in ("zh", "en", None):
        for literal in literals:
            lang = (literal.language or "").split("-")[0].lower() or None
            if lang == wanted:
                return literal.value
    return literals[0].value if literals else None


def vocabulary_label(vocab: ox.Store, iri: str) -> str | None:
    node = ox.NamedNode(iri)
    for predicate in LABEL_PREDICATES:
        literals = [
            q.object
            for q in vocab.quads_for_pattern(node, predicate, None, None)
            if isinstance(q.object, ox.Literal)
        ]
        label = pick_label(literals)
        if label:
            return label
    return None


def vocabulary_terms(vocab: ox.Store, namespace: str) -> list[str]:
    """Every IRI of ``namespace`` the vocabulary says something about, sorted."""
    terms = {
        q.subject.value
        for q in vocab
        if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(namespace)
    }
    return sorted(terms)


def compact(iri: str) -> str:
    """``bg:amount`` for an IRI in a known namespace, else the IRI."""
    best = ""
    result = iri
    for prefix, namespace in PREFIXES.items():
        ns = str(namespace)
        if iri.startswith(ns) and len(ns) > len(best) and "/" not in iri[len(ns) :]:
            best = ns
            result = f"{prefix}:{iri[len(ns) :]}"
    return result
