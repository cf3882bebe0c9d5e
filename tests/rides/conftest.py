"""Fixtures for the ride pooling tests: a small line of locations read by eye."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    """The shared data folder: ``$AINORI_SHARED_DIR`` or ``../shared`` of the repo."""
    override = os.environ.get("AINORI_SHARED_DIR")
    return Path(override) if override else REPO_ROOT.parent / "shared"


@pytest.fixture
def line_travel_s() -> np.ndarray:
    """Five locations on a line, 100 s apart: travel time is 100 s per step."""
    positions = np.arange(5, dtype=float)
    return np.abs(positions[:, None] - positions[None, :]) * 100.0


@pytest.fixture
def darp_a2_16() -> Path:
    path = shared_dir() / "benchmarks" / "darp" / "cordeau2006_a" / "a2-16.txt"
    if not path.exists():
        pytest.skip("benchmark data not available")
    return path
