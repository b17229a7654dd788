"""Registry of fidelity fixes: one module per emulator gap, each registering one ``Fix``.

A fix patches moto's models or responses inside the emulator process only. ``serve`` applies every
registered fix unless ``EMULATOR_DISABLE_FIXES`` names it (comma separated ids) or is ``all``.
Fix modules import moto inside ``apply`` so that listing the registry never imports moto.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Fix:
    id: str
    gap: str
    symptom: str
    apply: Callable[[], None] = field(repr=False)


_REGISTRY: dict[str, Fix] = {}
_APPLIED: set[str] = set()


def register(fix: Fix) -> Fix:
    if fix.id in _REGISTRY:
        raise ValueError(f"duplicate fix id {fix.id!r}")
    _REGISTRY[fix.id] = fix
    return fix


def all_fixes() -> list[Fix]:
    """Every fix, sorted by id (importing each module of this package registers it)."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return sorted(_REGISTRY.values(), key=lambda f: f.id)


def disabled_ids(setting: str | None) -> set[str]:
    """Parse EMULATOR_DISABLE_FIXES; unknown ids are an error so a typo cannot silently keep a fix on."""
    known = {f.id for f in all_fixes()}
    value = (setting or "").strip()
    if value.lower() == "all":
        return known
    ids = {part.strip() for part in value.split(",") if part.strip()}
    unknown = ids - known
    if unknown:
        raise ValueError(f"EMULATOR_DISABLE_FIXES names unknown fixes: {', '.join(sorted(unknown))}")
    return ids


def apply_enabled(disable_setting: str | None) -> list[str]:
    """Apply every fix not disabled; returns the ids applied (idempotent within a process)."""
    disabled = disabled_ids(disable_setting)
    applied = []
    for fix in all_fixes():
        if fix.id in disabled:
            continue
        if fix.id not in _APPLIED:
            fix.apply()
            _APPLIED.add(fix.id)
        applied.append(fix.id)
    return applied
