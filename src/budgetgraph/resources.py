"""Where the project's data folders (ontology/, shapes/, queries/) are.

They live at the top of the project, beside ``src/``. ``BUDGETGRAPH_HOME`` overrides the location.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_home() -> Path:
    env = os.environ.get("BUDGETGRAPH_HOME")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2]


def ontology_dir() -> Path:
    return project_home() / "ontology"


def shapes_dir() -> Path:
    return project_home() / "shapes"


def queries_dir() -> Path:
    return project_home() / "queries"
