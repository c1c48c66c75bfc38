"""What hides SPARQL syntax in a query's text: IRIs (which may hold a ``#`` or a brace-free
``SELECT``), comments and strings. One pattern for every scanner of query text (``query_scope``
looks for the WHERE group's braces past them, ``shacl_sparql`` for forbidden keywords)."""

from __future__ import annotations

OPAQUE = "|".join(
    (
        r'<[^\s<>"{}|^`\\]*>',  # an IRI
        r"#[^\n]*",  # a comment
        r'"""(?:[^"\\]|\\.|"(?!""))*"""',  # long strings
        r"'''(?:[^'\\]|\\.|'(?!''))*'''",
        r'"(?:[^"\\\n]|\\.)*"',  # short strings
        r"'(?:[^'\\\n]|\\.)*'",
    )
)
"""A regular expression matching one IRI, comment or string."""
