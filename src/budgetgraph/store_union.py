"""The store's default graph as the deduplicated union of its document graphs.

pyoxigraph's own union of named graphs (``use_default_graph_as_union``) repeats a triple once per
graph holding it, so a join over a unit's label or a fiscal year multiplies rows when several
documents mention them. The store therefore keeps its default graph as the set union of the data
graphs (``build_union_default``) and marks it so with an empty bookkeeping graph.
"""

from __future__ import annotations

import pyoxigraph as ox

from budgetgraph.store_files import INTERNAL_PREFIX, is_internal_graph

# An empty graph whose presence says that the default graph is the union of the data graphs.
DEFAULT_IS_UNION = ox.NamedNode(INTERNAL_PREFIX + "default-is-union")
_REBUILD_BYTES = 64 << 20


def is_data_graph(graph: object) -> bool:
    """A document graph (not the default graph, not a bookkeeping graph)."""
    return isinstance(graph, ox.NamedNode) and not is_internal_graph(graph.value)


def default_is_union(store: ox.Store) -> bool:
    """True when ``store``'s default graph is maintained as the deduplicated union of its graphs."""
    return store.contains_named_graph(DEFAULT_IS_UNION)


def build_union_default(store: ox.Store) -> None:
    """Copy every data graph's triples into the default graph (a set: duplicates collapse), and mark
    the store so that queries run on the default graph instead of pyoxigraph's non-deduplicated union.
    Each graph is dumped and bulk-loaded as N-Triples text, without a Python object per triple
    (except graphs with blank nodes, whose nodes must stay the same)."""
    buffer: list[bytes] = []
    size = 0
    for graph in list(store.named_graphs()):
        if not is_data_graph(graph):
            continue
        text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph) or b""
        if b"_:" in text:  # the bulk loader would rename its blank nodes: copy the objects
            quads = store.quads_for_pattern(None, None, None, graph)
            store.bulk_extend([ox.Quad(q.subject, q.predicate, q.object) for q in quads])
            continue
        buffer.append(text)
        size += len(text)
        if size >= _REBUILD_BYTES:
            store.bulk_load(b"".join(buffer), format=ox.RdfFormat.N_TRIPLES)
            buffer, size = [], 0
    if buffer:
        store.bulk_load(b"".join(buffer), format=ox.RdfFormat.N_TRIPLES)
    store.add_graph(DEFAULT_IS_UNION)


def needs_union_flag(store: ox.Store) -> bool:
    """Make the default graph of ``store`` the deduplicated union of its data graphs, or say that it
    cannot: True means query with ``use_default_graph_as_union`` (pyoxigraph's union, which repeats a
    triple once per graph holding it) because the store is read-only and was never maintained.

    A store whose default graph is not maintained yet gets it built here (in-memory stores from
    ``read_dataset``)."""
    if not default_is_union(store):
        try:
            build_union_default(store)
        except (OSError, RuntimeError, ValueError):
            return True
    return False
