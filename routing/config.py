"""Where data lives and the defaults every part of routing shares, each with its unit."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """The read-only shared data: ``../shared`` beside the repo, or ``AINORI_SHARED_DIR``."""
    return Path(os.environ.get("AINORI_SHARED_DIR", REPO_ROOT.parent / "shared")).resolve()


def cache_dir() -> Path:
    """The git-ignored folder for derived artefacts (``data/cache`` or ``AINORI_CACHE_DIR``)."""
    path = Path(os.environ.get("AINORI_CACHE_DIR", REPO_ROOT / "data" / "cache"))
    path.mkdir(parents=True, exist_ok=True)
    return path


# Service area: the ward plus a margin, so that stations just outside (JR Meguro) are reachable.
SERVICE_AREA_BUFFER_M = 1000.0  # metres around the ward boundary

# A query point farther than this from any usable way is rejected rather than routed.
MAX_SNAP_DISTANCE_M = 250.0  # metres

# Vertices of one way that arrive cut in pieces (tile edges) are joined within this distance.
JOIN_TOLERANCE_M = 1.0  # metres; vector tiles quantise coordinates to about 0.5 m at zoom 14
