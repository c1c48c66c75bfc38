"""Every namespace budgetgraph uses, defined once."""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, DefinedNamespace

BG = Namespace("https://w3id.org/budgetgraph/def#")
"""The budget ontology (ontology/budget.ttl)."""
BGSH = Namespace("https://w3id.org/budgetgraph/shapes#")
"""The SHACL shapes (shapes/)."""
BGCODE = Namespace("https://w3id.org/budgetgraph/code/")
"""SKOS code lists (ontology/codes/): BGCODE["function/2023/2101501"]."""
DEFAULT_BASE = "https://w3id.org/budgetgraph/id/"
"""Default base IRI of the data the extractor mints (configurable)."""

QB = Namespace("http://purl.org/linked-data/cube#")
OBEU = Namespace("http://data.openbudgets.eu/ontology/")
OBEU_DIM = Namespace("http://data.openbudgets.eu/ontology/dsd/dimension/")
OBEU_MEASURE = Namespace("http://data.openbudgets.eu/ontology/dsd/measure/")
OBEU_ATTR = Namespace("http://data.openbudgets.eu/ontology/dsd/attribute/")
ORG = Namespace("http://www.w3.org/ns/org#")
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "bg": BG,
    "bgsh": BGSH,
    "bgcode": BGCODE,
    "qb": QB,
    "obeu": OBEU,
    "obeu-dimension": OBEU_DIM,
    "obeu-measure": OBEU_MEASURE,
    "obeu-attribute": OBEU_ATTR,
    "org": ORG,
    "prov": PROV,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "sh": SH,
    "void": VOID,
    "sd": SD,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind budgetgraph's prefixes on ``graph`` and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
