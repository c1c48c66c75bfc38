"""The query catalog: SPARQL queries in queries/*.rq, loaded by name and run with bound parameters.

Each ``.rq`` file starts with a header comment::

    # title: Expenditure by function (支出总体情况表)
    # description: One row per classification line of the 支出总体情况表 …
    #   (an indented comment line continues the previous field)
    # columns: unitName, year, code, name, total, basic, project
    # param unitName: string — scope to one unit (its name as printed)
    # param year: integer — scope to one fiscal year
    # scope: document — each row is made of one document's triples

Parameters are output columns a caller may fix: values are bound with pyoxigraph substitutions
(SEP-0007), never formatted into the query text. Queries run on pyoxigraph over the deduplicated union
of the named graphs (the default graph, maintained by budgetgraph.store: a resource that several
documents repeat is matched once); an rdflib graph or dataset given as data is copied into a
pyoxigraph store first.

A query scoped to one unit (``unitName`` bound) runs over the document graphs that name that unit
only, and a query whose header says ``# scope: document`` (each row is made of one document's
triples) runs there one graph at a time: see ``query_scope``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import ConjunctiveGraph, Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

from budgetgraph.errors import CatalogError, QueryError
from budgetgraph.namespaces import PREFIXES
from budgetgraph.output import graph_quads
from budgetgraph.query_scope import document_scoped, unit_graphs
from budgetgraph.resources import queries_dir
from budgetgraph.store import needs_union_flag

Value = str | int | Decimal | float | bool | None
"""A typed cell of a result table (None: unbound)."""

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = frozenset(
    XSD + t
    for t in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedInt",
        "unsignedLong",
        "unsignedShort",
        "unsignedByte",
    )
)
PARAMETER_TYPES = ("string", "integer", "decimal", "iri", "boolean")
SCOPES = ("union", "document")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD = re.compile(r"^#\s*(title|description|columns|param|scope)\b\s*([A-Za-z_][A-Za-z0-9_]*)?\s*:\s*(.*)$")


@dataclass(frozen=True)
class QueryParameter:
    """A parameter of a catalog query: an output column the caller may fix to one value."""

    name: str
    datatype: str  # one of PARAMETER_TYPES
    description: str


@dataclass(frozen=True)
class CatalogQuery:
    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    parameters: tuple[QueryParameter, ...]
    text: str
    scope: str = "union"  # "document": each solution is made of one document graph's triples
    scoped_text: str | None = None
    """For scope "document": the text with its WHERE group inside ``GRAPH ?bgScopeGraph { … }``
    (``query_scope.document_scoped``), worked out once when the file is read."""

    def parameter(self, name: str) -> QueryParameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise CatalogError(f"query {self.name!r} has no parameter {name!r} (parameters: {known})")


@dataclass(frozen=True)
class ResultTable:
    """A SELECT result: column names and rows of typed values, in the order the query gave them."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Value, ...], ...]

    def records(self) -> list[dict[str, Value]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]


def _parse_header(name: str, text: str, origin: str) -> CatalogQuery:
    fields: dict[str, str] = {}
    params: list[list[str]] = []  # [name, type, description]
    last: list[str] | None = None  # where continuation lines go: [key] or a param entry
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _FIELD.match(line)
        if match:
            key, pname, value = match.group(1), match.group(2), match.group(3).strip()
            if key == "param":
                if pname is None:
                    raise CatalogError(f"{origin}: a 'param' header line needs a name: {line!r}")
                ptype, _, pdesc = value.partition(" ")
                entry = [pname, ptype.strip(), pdesc.strip(" —-")]
                params.append(entry)
                last = entry
            else:
                fields[key] = value
                last = [key]
        elif last is not None and re.match(r"^#\s{2,}\S", line):
            addition = line[1:].strip()
            if len(last) == 1:
                fields[last[0]] = (fields[last[0]] + " " + addition).strip()
            else:
                last[2] = (last[2] + " " + addition).strip()
    for required in ("title", "description", "columns"):
        if not fields.get(required):
            raise CatalogError(f"{origin}: the header comment has no '{required}:' line")
    columns = tuple(c.strip() for c in fields["columns"].split(",") if c.strip())
    parameters = []
    for pname, ptype, pdesc in params:
        if ptype not in PARAMETER_TYPES:
            raise CatalogError(f"{origin}: parameter {pname!r} has unknown type {ptype!r}")
        if pname not in columns:
            raise CatalogError(f"{origin}: parameter {pname!r} is not one of the output columns")
        parameters.append(QueryParameter(pname, ptype, pdesc))
    scope = fields.get("scope", "union").partition(" ")[0]  # then, say, "— why"
    if scope not in SCOPES:
        raise CatalogError(f"{origin}: 'scope: {scope}' is not one of {', '.join(SCOPES)}")
    scoped_text = document_scoped(text, origin) if scope == "document" else None
    return CatalogQuery(
        name=name,
        title=fields["title"],
        description=fields["description"],
        columns=columns,
        parameters=tuple(parameters),
        text=text,
        scope=scope,
        scoped_text=scoped_text,
    )


def load_query(name_or_path: str | Path) -> CatalogQuery:
    """A catalog query by name ("documents") or any ``.rq`` file by path."""
    text_name = str(name_or_path)
    if isinstance(name_or_path, Path) or text_name.endswith(".rq"):
        path = Path(name_or_path)
        name = path.stem
    else:
        if not _NAME.match(text_name):
            raise CatalogError(f"{text_name!r} is not a catalog query name (lowercase letters, digits, _)")
        name = text_name
        path = queries_dir() / f"{name}.rq"
        if not path.is_file():
            known = ", ".join(q.name for q in catalog())
            raise CatalogError(f"no catalog query named {name!r} (known: {known})")
    try:
        found = path.stat()
    except OSError as error:
        raise CatalogError(f"{path}: cannot read the query: {error}") from error
    return _read_query(name, str(path), found.st_mtime_ns, found.st_size)


@lru_cache(maxsize=512)
def _read_query(name: str, path: str, mtime_ns: int, size: int) -> CatalogQuery:
    """The query file at ``path`` as of its modification time and size (the web app and its workers
    load a catalog query per request: a file is read and parsed again only when it changed)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogError(f"{path}: cannot read the query: {error}") from error
    return _parse_header(name, text, path)


def catalog() -> tuple[CatalogQuery, ...]:
    """Every query in queries/, sorted by name."""
    directory = queries_dir()
    if not directory.is_dir():
        raise CatalogError(f"{directory}: the query catalog folder does not exist")
    return tuple(load_query(path) for path in sorted(directory.glob("*.rq")))


def parameter_term(parameter: QueryParameter, value: Value | str) -> ox.NamedNode | ox.Literal:
    """The RDF term a parameter value stands for (typed as the query header declares)."""
    text = str(value).strip()
    try:
        if parameter.datatype == "string":
            return ox.Literal(str(value))
        if parameter.datatype == "integer":
            return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
        if parameter.datatype == "decimal":  # canonical form, as the store holds it: 1.50 → 1.5
            canonical = format(Decimal(text).normalize(), "f")
            return ox.Literal(canonical, datatype=ox.NamedNode(XSD + "decimal"))
        if parameter.datatype == "boolean":
            if text.lower() not in ("true", "false"):
                raise ValueError(text)
            return ox.Literal(text.lower(), datatype=ox.NamedNode(XSD + "boolean"))
        return ox.NamedNode(text)
    except (ValueError, InvalidOperation) as error:
        raise CatalogError(
            f"parameter {parameter.name!r} wants a {parameter.datatype}, got {value!r}"
        ) from error


_term = parameter_term  # the name the web backend first used


def to_store(data: ox.Store | Graph) -> ox.Store:
    """``data`` as a pyoxigraph store (rdflib graphs and datasets are copied, quads kept)."""
    if isinstance(data, ox.Store):
        return data
    store = ox.Store()
    if isinstance(data, ConjunctiveGraph):  # rdflib.Dataset too: keep each graph's name
        graphs = data.graphs() if isinstance(data, Dataset) else data.contexts()
        for graph in graphs:
            name = graph.identifier
            if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID:
                store.extend(graph_quads(name, graph))
            else:
                store.extend(graph_quads(None, graph))
    else:
        store.extend(graph_quads(None, data))
    return store


def python_value(term: object) -> Value:
    """A pyoxigraph term as a Python value: numbers typed, IRIs and strings as str."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(term.value)
            if datatype == XSD + "decimal":
                return Decimal(term.value)
            if datatype in (XSD + "double", XSD + "float"):
                return float(term.value)
            if datatype == XSD + "boolean":
                return term.value in ("true", "1")
        except (ValueError, InvalidOperation):
            return term.value
        return term.value
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def run_query(
    query: CatalogQuery,
    data: ox.Store | Graph,
    bindings: Mapping[str, Value | str] | None = None,
) -> ResultTable:
    """Run a SELECT catalog query over ``data`` (the union of its graphs) with bound parameters."""
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): parameter_term(query.parameter(name), value)
        for name, value in (bindings or {}).items()
        if value is not None and value != ""
    }
    store = to_store(data)
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    union = needs_union_flag(store)
    scope: dict[str, object] = {"use_default_graph_as_union": union}
    text = query.text
    unit = (bindings or {}).get("unitName")
    if not union and unit not in (None, "") and any(p.name == "unitName" for p in query.parameters):
        graphs = unit_graphs(store, str(unit))
        if graphs and query.scoped_text is not None:
            text, scope = query.scoped_text, {"named_graphs": graphs}
        elif graphs:  # else: no graph names the unit, the whole store answers (nothing, or a label
            scope = {"default_graph": graphs}  # spelled otherwise)
    try:
        result = store.query(
            text,
            prefixes=prefixes,
            substitutions=substitutions or None,
            **scope,  # type: ignore[arg-type]
        )
    except (SyntaxError, OSError, RuntimeError, ValueError) as error:
        raise QueryError(f"query {query.name!r}: {error}") from error
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError(f"query {query.name!r} is not a SELECT query")
    variables = tuple(v.value for v in result.variables)
    if variables != query.columns:
        raise QueryError(
            f"query {query.name!r} selects {', '.join(variables)} but its header declares "
            f"{', '.join(query.columns)}"
        )
    rows = tuple(tuple(python_value(solution[name]) for name in variables) for solution in result)
    return ResultTable(columns=variables, rows=rows)


# ------------------------------------------------------------------------------------------------
# Rendering result tables (the CLI and the web app share these).

FORMATS = ("csv", "tsv", "json")


def _cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _json_value(value: Value) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)
    return value


def render_table(table: ResultTable, fmt: str) -> str:
    """``table`` as csv, tsv or json (a list of objects, numbers as JSON numbers)."""
    if fmt in ("csv", "tsv"):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_cell(v) for v in row])
        return buffer.getvalue()
    if fmt == "json":
        records = [{k: _json_value(v) for k, v in r.items()} for r in table.records()]
        return json.dumps(records, ensure_ascii=False, indent=1) + "\n"
    raise CatalogError(f"unknown result format {fmt!r} (known: {', '.join(FORMATS)})")


def catalog_markdown(queries: Iterable[CatalogQuery] | None = None) -> str:
    """The catalog as Markdown (``budgetgraph query --list`` prints it): each query's title,
    description, columns and parameters, from the .rq headers."""
    lines = [
        "# Query catalog",
        "",
        "From the headers of queries/*.rq. Run a query with",
        "`budgetgraph query NAME --data OUT [--format csv|tsv|json] [--param name=value ...]`.",
        "Amounts are in 万元 whatever the document printed; codes are digits; one row per fact. The",
        "conventions are in docs/graph-model.md (Query catalog conventions).",
    ]
    for query in catalog() if queries is None else queries:
        lines += ["", f"## `{query.name}`: {query.title}", "", query.description, ""]
        lines.append("Columns: " + ", ".join(f"`{c}`" for c in query.columns) + ".")
        if query.parameters:
            lines += ["", "Parameters:", ""]
            lines += [f"- `{p.name}` ({p.datatype}): {p.description}" for p in query.parameters]
    return "\n".join(lines) + "\n"


def parse_bindings(pairs: Iterable[str]) -> dict[str, str]:
    """``name=value`` strings (the command line's --param) as a mapping."""
    bindings: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CatalogError(f"a parameter is name=value, got {pair!r}")
        bindings[name.strip()] = value
    return bindings
