"""Content negotiation (Accept with q-values, ``format=``) and result serialisation."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from budgetgraph.web.engine import Boolean, Solutions

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Format:
    key: str
    media_type: str
    extension: str
    aliases: tuple[str, ...] = ()


RESULT_FORMATS = (
    Format("json", "application/sparql-results+json", "srj", ("application/json",)),
    Format("xml", "application/sparql-results+xml", "srx", ("application/xml", "text/xml")),
    Format("csv", "text/csv", "csv"),
    Format("tsv", "text/tab-separated-values", "tsv"),
)
GRAPH_FORMATS = (
    Format(
        "turtle",
        "text/turtle",
        "ttl",
        (
            "application/x-turtle",
            "application/turtle",
            "ttl",
            "n3",
            "text/n3",
            "text/rdf+n3",
            "application/n3",
        ),
    ),
    Format("ntriples", "application/n-triples", "nt", ("text/plain", "nt", "n-triples")),
    Format("jsonld", "application/ld+json", "jsonld", ("json-ld", "application/json")),
    Format("rdfxml", "application/rdf+xml", "rdf", ("rdf", "xml", "rdf+xml", "application/xml")),
)
HTML = Format("html", "text/html", "html", ("application/xhtml+xml",))
OX_GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


class NotAcceptableError(ValueError):
    """No offered format is acceptable to the client."""


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values, best first (stable for ties)."""
    if not header:
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate(header.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    ranges.sort(key=lambda r: (-r[1], -_specificity(r[0]), r[2]))
    return [(m, q) for m, q, _ in ranges]


def _specificity(media: str) -> int:
    if media == "*/*":
        return 0
    if media.endswith("/*"):
        return 1
    return 2


def _matches(media_range: str, fmt: Format) -> bool:
    names = (fmt.media_type, *(a for a in fmt.aliases if "/" in a))
    if media_range == "*/*":
        return True
    if media_range.endswith("/*"):
        return fmt.media_type.startswith(media_range[:-1])
    return media_range in names


def by_key(key: str, offers: Sequence[Format]) -> Format | None:
    wanted = key.strip().lower()
    for fmt in offers:
        if wanted in (fmt.key, fmt.media_type, fmt.extension, *fmt.aliases):
            return fmt
    return None


def negotiate(accept: str | None, offers: Sequence[Format], explicit: str | None = None) -> Format:
    """The best of ``offers`` for an Accept header, or the one ``explicit`` (``format=``) names.

    A range with q=0 excludes what it matches; with no acceptable offer, ``NotAcceptableError``.
    """
    if explicit:
        chosen = by_key(explicit, offers)
        if chosen is None:
            known = ", ".join(f.key for f in offers)
            raise NotAcceptableError(f"format {explicit!r} is not offered here (offered: {known})")
        return chosen
    ranges = parse_accept(accept)
    excluded = {
        fmt.key for fmt in offers for media, q in ranges if q == 0 and _matches(media, fmt) and media != "*/*"
    }
    for media, q in ranges:
        if q <= 0:
            continue
        for fmt in offers:
            if fmt.key not in excluded and _matches(media, fmt):
                return fmt
    raise NotAcceptableError(
        "none of " + ", ".join(f.media_type for f in offers) + f" is acceptable ({accept})"
    )


# ------------------------------------------------------------------------------ SPARQL results
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return f"<literal>{escape(str(term))}</literal>"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    return str(term)


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    return str(term).replace("\t", "\\t").replace("\n", "\\n")


def serialize_results(outcome: Solutions | Boolean, fmt: Format) -> bytes:
    """SELECT solutions or an ASK boolean in one of ``RESULT_FORMATS``."""
    if fmt.key == "json":
        head: dict[str, object] = {}
        document: dict[str, object] = {"head": head}
        if isinstance(outcome, Boolean):
            document["boolean"] = outcome.value
        else:
            head["vars"] = list(outcome.variables)
            bindings = [
                {v: _json_term(t) for v, t in zip(outcome.variables, row, strict=True) if t is not None}
                for row in outcome.rows
            ]
            document["results"] = {"bindings": bindings}
        return json.dumps(document, ensure_ascii=False).encode("utf-8")
    if fmt.key == "xml":
        parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
        if isinstance(outcome, Boolean):
            parts.append(f"<head/><boolean>{'true' if outcome.value else 'false'}</boolean>")
        else:
            parts.append(
                "<head>"
                + "".join(f"<variable name={quoteattr(v)}/>" for v in outcome.variables)
                + "</head><results>"
            )
            for row in outcome.rows:
                cells = "".join(
                    f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>"
                    for v, t in zip(outcome.variables, row, strict=True)
                    if t is not None
                )
                parts.append(f"<result>{cells}</result>")
            parts.append("</results>")
        parts.append("</sparql>\n")
        return "".join(parts).encode("utf-8")
    if isinstance(outcome, Boolean):
        return ("_askResult\n" + ("true" if outcome.value else "false") + "\n").encode("utf-8")
    buffer = io.StringIO()
    if fmt.key == "csv":
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(outcome.variables)
        for row in outcome.rows:
            writer.writerow([_csv_value(t) for t in row])
    else:
        buffer.write("\t".join(f"?{v}" for v in outcome.variables) + "\n")
        for row in outcome.rows:
            buffer.write("\t".join(_tsv_value(t) for t in row) + "\n")
    return buffer.getvalue().encode("utf-8")


def serialize_triples(triples: Sequence[ox.Triple], fmt: Format, prefixes: dict[str, str]) -> bytes:
    """Triples in one of ``GRAPH_FORMATS``."""
    ox_format = OX_GRAPH_FORMATS[fmt.key]
    if ox_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        data = ox.serialize(triples, format=ox_format, prefixes=prefixes)
    else:
        data = ox.serialize(triples, format=ox_format)
    return data or b""
