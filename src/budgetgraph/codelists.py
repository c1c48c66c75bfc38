"""The SKOS code lists of ontology/codes/: classification concepts by (scheme, year, code).

A concept's IRI is ``code_concept(scheme, version, code)`` where ``version`` is the first year of the
classification version that defines the code with its label. Looking a code up for a year takes the
newest version not after that year (or, for a year before every version, the oldest one). A code the
lists do not know still gets an IRI (minted with the document's year); ``known`` says it is unknown
so that the writer can mark it and validation can flag it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import SKOS

from budgetgraph.errors import StoreError
from budgetgraph.iris import code_concept
from budgetgraph.namespaces import BGCODE
from budgetgraph.records import Scheme
from budgetgraph.resources import ontology_dir

_CONCEPT = re.compile(r"^(?P<scheme>[a-z-]+)/(?P<version>\d{4})/(?P<code>\d+)$")
_DIGITS = re.compile(r"^\d+$")


def infer_scheme(code: str) -> Scheme | None:
    """The code list a bare code belongs to, from its shape (None when it fits none)."""
    if not _DIGITS.match(code):
        return None
    if code[0] == "2" and len(code) in (3, 5, 7):
        return Scheme.FUNCTION
    if code[0] == "3" and len(code) in (3, 5):
        return Scheme.ECONOMIC_DEPT
    if code[0] == "5" and len(code) in (3, 5):
        return Scheme.ECONOMIC_GOV
    return None


@dataclass(frozen=True)
class Concept:
    scheme: Scheme
    version: int
    code: str
    iri: URIRef
    labels: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class CodeLists:
    """Every concept of the code lists, indexed by scheme and code (versions sorted oldest first)."""

    concepts: dict[tuple[Scheme, str], tuple[Concept, ...]]

    def versions(self, scheme: Scheme, code: str) -> tuple[Concept, ...]:
        return self.concepts.get((scheme, code), ())

    def known(self, scheme: Scheme, code: str) -> bool:
        return (scheme, code) in self.concepts

    def lookup(self, scheme: Scheme, year: int, code: str) -> Concept | None:
        """The version of ``code`` in force in ``year`` (None when the code is unknown)."""
        versions = self.versions(scheme, code)
        if not versions:
            return None
        earlier = [c for c in versions if c.version <= year]
        return earlier[-1] if earlier else versions[0]

    def concept(self, scheme: Scheme, year: int, code: str) -> URIRef:
        """The concept IRI for ``code`` in ``year``; unknown codes are minted with ``year``."""
        found = self.lookup(scheme, year, code)
        return found.iri if found is not None else code_concept(scheme, str(year), code)

    def label(self, scheme: Scheme, year: int, code: str, lang: str = "zh") -> str | None:
        found = self.lookup(scheme, year, code)
        return None if found is None else found.labels.get(lang)

    def __len__(self) -> int:
        return sum(len(v) for v in self.concepts.values())


def parse_code_lists(paths: list[Path]) -> CodeLists:
    """Read SKOS code-list files (Turtle) into a ``CodeLists``."""
    found: dict[URIRef, Concept] = {}
    labels: dict[URIRef, dict[str, str]] = defaultdict(dict)
    prefix = str(BGCODE)
    pref_label, notation = str(SKOS.prefLabel), str(SKOS.notation)
    for path in paths:
        try:
            triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"{path}: cannot read the code list: {error}") from error
        for triple in triples:
            subject, predicate, obj = triple.subject, triple.predicate, triple.object
            if not isinstance(subject, ox.NamedNode) or not subject.value.startswith(prefix):
                continue
            iri = URIRef(subject.value)
            if predicate.value == pref_label and isinstance(obj, ox.Literal) and obj.language:
                labels[iri][obj.language] = obj.value
            elif predicate.value == notation:
                match = _CONCEPT.match(subject.value[len(prefix) :])
                if match is None:
                    continue
                try:
                    scheme = Scheme(match["scheme"])
                except ValueError:
                    continue
                found[iri] = Concept(scheme, int(match["version"]), match["code"], iri)
    index: dict[tuple[Scheme, str], list[Concept]] = defaultdict(list)
    for iri, concept in found.items():
        index[(concept.scheme, concept.code)].append(
            Concept(concept.scheme, concept.version, concept.code, iri, dict(labels[iri]))
        )
    return CodeLists({key: tuple(sorted(v, key=lambda c: c.version)) for key, v in index.items()})


def code_list_paths(directory: Path | None = None) -> list[Path]:
    return sorted((directory or ontology_dir() / "codes").glob("*.ttl"))


@lru_cache(maxsize=4)
def _cached(directory: str) -> CodeLists:
    return parse_code_lists(code_list_paths(Path(directory)))


def load_code_lists(directory: Path | None = None) -> CodeLists:
    """The code lists under ontology/codes (read once per process)."""
    return _cached(str(directory or ontology_dir() / "codes"))
