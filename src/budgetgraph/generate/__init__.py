"""A generator of realistic budget (预算) and final-accounts (决算) disclosures with known figures.

``write_corpus(GenerateConfig(...), out, load_code_lists(...))`` writes N units × Y years of documents
(text and/or PDF; national and Shanghai-like templates), an index and a manifest of planted
inconsistencies; ``generate_documents`` yields the same documents in memory with their ground truth
(``Generated.document.truth``) for round-trip tests. ``violations`` checks a document's arithmetic.
"""

from budgetgraph.generate.codes import CodeLists, default_ontology_codes, load_code_lists
from budgetgraph.generate.corpus import (
    CorpusSummary,
    GenerateConfig,
    Generated,
    generate_documents,
    write_corpus,
)
from budgetgraph.generate.model import Template, UnitYear, wan
from budgetgraph.generate.render_text import render_text
from budgetgraph.generate.tables import RULES, Document, violations

__all__ = [
    "RULES",
    "CodeLists",
    "CorpusSummary",
    "Document",
    "GenerateConfig",
    "Generated",
    "Template",
    "UnitYear",
    "default_ontology_codes",
    "generate_documents",
    "load_code_lists",
    "render_text",
    "violations",
    "wan",
    "write_corpus",
]
