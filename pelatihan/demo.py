"""Demo data of the pelatihan app (filled by its issue)."""

import random
from datetime import date


def seed(*, rng: random.Random, today: date) -> str:
    """Create demo data idempotently; return a one-line summary for seed_demo's output."""
    return ""
