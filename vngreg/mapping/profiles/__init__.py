"""Output profiles: one module each, with NAME, add(register, emitter) for what it adds to the register
graph and, where it adds to the catalogue, catalogue(register, part) (vngreg/write/catalog.py).

A profile is found by being a module in this package: adding a profile is adding a file."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from vngreg.errors import EXIT_USAGE, VngregError


def available() -> dict[str, ModuleType]:
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "add"):
            found[module.NAME] = module
    return dict(sorted(found.items()))


def select(names: list[str] | None) -> list[ModuleType]:
    """The profiles named (all when none are); core always comes along, the others build on it."""
    known = available()
    wanted = set(names or known) | {"core"}
    unknown = sorted(wanted - set(known))
    if unknown:
        raise VngregError(f"unknown profile {', '.join(unknown)}", None,
                          f"choose from: {', '.join(known)}", exit_code=EXIT_USAGE)
    return [known[name] for name in known if name in wanted]
