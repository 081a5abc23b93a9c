"""Loads every app's reviewed reference data, in dependency order (DESIGN.md §7)."""

from collections.abc import Callable
from importlib import import_module

# (label, "module:function"); each loader is idempotent, audited and takes `actor=`.
REFERENCE_LOADERS: list[tuple[str, str]] = [
    ("regions", "netra.regions.services:regions_load_reference"),
    ("rules", "netra.rules.services:rules_load_reference"),
    ("elections", "netra.elections.services:elections_load_reference"),
    ("workdays", "netra.workdays.services:workdays_load_reference"),
    ("cases", "netra.cases.services:cases_load_reference"),
    ("prevention", "netra.prevention.services:prevention_load_reference"),
    ("documents", "netra.documents.services:documents_load_reference"),
]


def _resolve(path: str) -> Callable[..., dict]:
    module, _sep, name = path.partition(":")
    return getattr(import_module(module), name)


def load_reference(*, actor=None, only: list[str] | None = None, progress=None) -> dict[str, dict]:
    results: dict[str, dict] = {}
    for label, path in REFERENCE_LOADERS:
        if only and label not in only:
            continue
        if progress:
            progress(label)
        results[label] = _resolve(path)(actor=actor)
    return results
