"""The published reference files the tests check Journey against (DfE code lists and census
schema, Annex A columns and code lists, fake census returns), kept in the repository's
`reference/` folder with their sources and licences (reference/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

REFERENCE_DIR = Path(__file__).resolve().parents[1] / "reference"


def reference_file(*parts: str) -> Path:
    """A reference file; fails the calling test (never skips) when it is missing."""
    path = REFERENCE_DIR.joinpath(*parts)
    if not path.is_file():
        pytest.fail(f"Reference file missing from the repository: {path}", pytrace=False)
    return path
