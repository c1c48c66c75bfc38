"""budgetgraph: Chinese budget and final-accounts disclosures as a semantic knowledge graph."""

__version__ = "0.1.0"
