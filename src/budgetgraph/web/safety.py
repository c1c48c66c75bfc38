"""What a query sent over HTTP may do: a lexical screen run before any query reaches a store.

It strips comments, strings and IRIs, then looks at the bare keywords: ``SERVICE`` (federation would
make the server send requests), the update operations, and the IRIs of ``FROM`` / ``FROM NAMED``
(resolved against the query's own PREFIX declarations and the server's default prefixes), which
must name graphs of the store: nothing is ever fetched from elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from budgetgraph.errors import QueryError

_LEXEME = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<pname>(?:[A-Za-z][\w.-]*)?:[\w.%-]*)
  | (?P<var>[?$]\w+)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.UNICODE,
)
_UPDATE_WORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH", "USING"}
)


class RefusedQueryError(QueryError):
    """The query asks for something the server never does (federation, updates, remote graphs)."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str


def tokens(text: str) -> list[Token]:
    found: list[Token] = []
    for match in _LEXEME.finditer(text):
        kind = match.lastgroup or "other"
        if kind != "comment":
            found.append(Token(kind, match.group()))
    return found


def _prefixes(toks: list[Token], defaults: Mapping[str, str]) -> dict[str, str]:
    prefixes = dict(defaults)
    for i, tok in enumerate(toks[:-2]):
        if tok.kind == "word" and tok.text.upper() == "PREFIX":
            name, iri = toks[i + 1], toks[i + 2]
            if name.kind == "pname" and iri.kind == "iri":
                prefixes[name.text.rstrip(":").split(":")[0]] = iri.text[1:-1]
    return prefixes


def _resolve(tok: Token, prefixes: Mapping[str, str]) -> str | None:
    if tok.kind == "iri":
        return tok.text[1:-1]
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def dataset_iris(text: str, defaults: Mapping[str, str]) -> list[str]:
    """The IRIs named by the query's FROM and FROM NAMED clauses."""
    toks = tokens(text)
    prefixes = _prefixes(toks, defaults)
    iris: list[str] = []
    for i, tok in enumerate(toks):
        if tok.kind == "word" and tok.text.upper() == "FROM":
            j = i + 1
            if j < len(toks) and toks[j].kind == "word" and toks[j].text.upper() == "NAMED":
                j += 1
            target = toks[j] if j < len(toks) else Token("other", "")
            iri = _resolve(target, prefixes)
            if iri is None:
                raise RefusedQueryError(f"FROM needs an IRI of a graph of this store, got {target.text!r}")
            iris.append(iri)
    return iris


def screen_query(text: str, defaults: Mapping[str, str], is_local_graph: Callable[[str], bool]) -> None:
    """Raise ``RefusedQueryError`` when a read query federates, updates or names a remote graph."""
    for tok in tokens(text):
        if tok.kind == "word" and tok.text.upper() == "SERVICE":
            raise RefusedQueryError("SERVICE (federated query) is refused: this server sends no requests")
    for iri in dataset_iris(text, defaults):
        if not is_local_graph(iri):
            raise RefusedQueryError(
                f"FROM <{iri}> is refused: only the graphs of this store can be queried "
                "(remote graphs are never fetched)"
            )


def screen_update(text: str) -> None:
    """Raise ``RefusedQueryError`` for LOAD and SERVICE in an update (allowed only with a token)."""
    for tok in tokens(text):
        if tok.kind == "word" and tok.text.upper() in ("LOAD", "SERVICE"):
            raise RefusedQueryError(f"{tok.text.upper()} is refused: this server fetches nothing")


def looks_like_update(text: str) -> bool:
    """True when the text starts (after prologue) with an update operation."""
    toks = [t for t in tokens(text) if t.kind == "word"]
    for tok in toks:
        word = tok.text.upper()
        if word in ("PREFIX", "BASE"):
            continue
        return word in _UPDATE_WORDS
    return False
