"""pyoxigraph terms as rdflib terms (the two libraries meet where pyshacl's report is written), and
the pyoxigraph terms that code reading stores looks up (from the namespaces, defined once)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from budgetgraph.errors import StoreError
from budgetgraph.namespaces import BG

RDF_TYPE = ox.NamedNode(str(RDF.type))
DISCLOSURE = ox.NamedNode(str(BG.Disclosure))
RDFS_LABEL = ox.NamedNode(str(RDFS.label))
XSD_STRING = ox.NamedNode(str(XSD.string))
"""rdf:type, bg:Disclosure, rdfs:label and xsd:string as pyoxigraph terms."""


def rdflib_term(term: object) -> Node:
    """The rdflib term of a pyoxigraph IRI, blank node or literal (a quoted triple has none)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"not an IRI, blank node or literal: {term}")
