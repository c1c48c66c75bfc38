"""Shared fixtures: the bundled seed documents, and ../shared when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
SEED_TEXTS = FIXTURES / "seeds"
SEED_PDFS = FIXTURES / "pdf"
SHARED = TESTS.parent.parent / "shared"
REAL = SHARED / "real"


def seed_text(stem: str) -> Path:
    """A bundled seed text by its number ("000" … "004")."""
    (path,) = SEED_TEXTS.glob(f"{stem}_*.txt")
    return path


def seed_pdf(stem: str) -> Path:
    (path,) = SEED_PDFS.glob(f"{stem}_*.pdf")
    return path


def real_document(relative: str) -> Path:
    """A file under ../shared/real; the test is skipped (with the reason) when it is absent."""
    path = REAL / relative
    if not path.exists():
        pytest.skip(f"{path} is absent: the real documents live in ../shared/real beside the checkout")
    return path
