"""The one IRI minter. IRIs are deterministic: the same input always gets the same IRIs.

Data IRIs live under a configurable base (``DEFAULT_BASE``); a document is named by its sha256, so
re-extracting a file gives the same IRIs, and everything printed in it is named by its place
(table ordinal, row, column key) inside that document. Units, years and projects are named by
content (the unit's name, the year, the project's name) so that documents about the same unit meet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

from budgetgraph.namespaces import BGCODE, DEFAULT_BASE
from budgetgraph.records import Scheme

_SPACE = re.compile(r"\s+")


def slug(text: str) -> str:
    """A stable IRI path segment for a name: NFKC, no whitespace, percent-encoded."""
    cleaned = _SPACE.sub("", unicodedata.normalize("NFKC", text))
    return quote(cleaned, safe="")


@dataclass(frozen=True)
class Minter:
    """Mints every data IRI of the graph under ``base`` (which must end with / or #)."""

    base: str = DEFAULT_BASE

    def __post_init__(self) -> None:
        if not self.base.endswith(("/", "#")):
            object.__setattr__(self, "base", self.base + "/")

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    # documents and what is printed in them
    def document(self, sha256: str) -> URIRef:
        return self._iri(f"document/{sha256}")

    def graph_name(self, sha256: str) -> URIRef:
        """The named graph that holds one document's triples."""
        return self._iri(f"graph/{sha256}")

    def table(self, sha256: str, ordinal: int) -> URIRef:
        return self._iri(f"document/{sha256}/table/{ordinal}")

    def line(self, sha256: str, table: int, row: int) -> URIRef:
        return self._iri(f"document/{sha256}/table/{table}/row/{row}")

    def figure(self, sha256: str, table: int, row: int, column_key: str) -> URIRef:
        return self._iri(f"document/{sha256}/table/{table}/row/{row}/{slug(column_key)}")

    def location(self, sha256: str, kind: str, ordinal: int) -> URIRef:
        """Provenance nodes and other per-document resources: ``kind`` is a short word."""
        return self._iri(f"document/{sha256}/{slug(kind)}/{ordinal}")

    def part(self, sha256: str, *path: str | int) -> URIRef:
        """Any other resource that belongs to one document (narrative facts, indicators …)."""
        return self._iri(f"document/{sha256}/" + "/".join(slug(str(p)) for p in path))

    # shared resources, named by content
    def unit(self, name: str) -> URIRef:
        return self._iri(f"unit/{slug(name)}")

    def sub_unit(self, parent: str, name: str) -> URIRef:
        return self._iri(f"unit/{slug(parent)}/{slug(name)}")

    def fiscal_year(self, year: int) -> URIRef:
        return self._iri(f"year/{year}")

    def budget(self, unit_name: str, year: int, phase: str) -> URIRef:
        """The dataset (qb:DataSet) of one unit, year and phase."""
        return self._iri(f"budget/{slug(unit_name)}/{year}/{phase}")

    def project(self, unit_name: str, year: int, name: str) -> URIRef:
        return self._iri(f"project/{slug(unit_name)}/{year}/{slug(name)}")


def code_concept(scheme: Scheme, version: str, code: str) -> URIRef:
    """A concept of a SKOS code list (static, not under the data base): code/function/2023/2101501."""
    return BGCODE[f"{scheme.value}/{version}/{code}"]


def code_scheme(scheme: Scheme, version: str) -> URIRef:
    return BGCODE[f"{scheme.value}/{version}"]
