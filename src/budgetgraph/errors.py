"""The ``BudgetGraphError`` family.

Library code raises these; only the edges (the command line, the web app) turn them into exit
codes and HTTP statuses. Every error that concerns an input file names the file.
"""

from __future__ import annotations


class BudgetGraphError(Exception):
    """Base class of every error budgetgraph raises on purpose."""


class InputError(BudgetGraphError):
    """A document cannot be read or understood. ``path`` names the file, ``reason`` says why."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnsupportedFormatError(InputError):
    """The file is not a PDF, a text rendering or an HTML page (or claims to be one and is not)."""


class BrokenPDFError(InputError):
    """The PDF is damaged or truncated."""


class EncryptedPDFError(InputError):
    """The PDF is encrypted and no (correct) password was given."""


class NoTextLayerError(InputError):
    """The PDF has pages but no text layer: a scan that needs OCR."""


class UnknownTemplateError(InputError):
    """Nothing in the document looks like a budget or final-accounts disclosure."""


class CatalogError(BudgetGraphError):
    """A catalog query is unknown, unreadable or was given bad parameters."""


class QueryError(BudgetGraphError):
    """A SPARQL query failed to parse or to run."""


class StoreError(BudgetGraphError):
    """The RDF store could not be opened, read or written."""


class OutputError(BudgetGraphError):
    """An output path or format is not usable."""
