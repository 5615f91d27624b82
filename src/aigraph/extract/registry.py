"""Named steps in a stated order: what the mention passes and the relation
pattern families are registered in (as datasette registers its built-in
features like plugins).

A :class:`Registry` holds functions by name; ``registry.register("name")``
is the decorator. Its ``order`` states once the order the built-in steps
run in; a step registered elsewhere (a plugin, a test) runs after them, by
name, with no other change. Registering another function under a taken name
raises the registry's error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

Step = TypeVar("Step", bound=Callable)


class Registry(Generic[Step]):
    """Functions by name, run in ``order`` and then by name."""

    def __init__(self, kind: str, order: tuple[str, ...], error: type[ValueError]) -> None:
        self.kind = kind            # what a step is called in messages: "pattern family"
        self.order = order
        self.error = error
        self._steps: dict[str, Step] = {}

    def register(self, name: str) -> Callable[[Step], Step]:
        """A decorator registering its function under ``name``."""
        def register(function: Step) -> Step:
            known = self._steps.get(name)
            if known is not None and known is not function:
                raise self.error(f"{self.kind} '{name}' is registered twice "
                                 f"({known.__module__}.{known.__name__}, "
                                 f"{function.__module__}.{function.__name__})")
            self._steps[name] = function
            return function
        return register

    def unregister(self, name: str) -> None:
        """Forget a step (for tests and plugins that replace one)."""
        self._steps.pop(name, None)

    def ordered(self) -> list[tuple[str, Step]]:
        """(name, step) in :attr:`order`, then the other registered steps by name."""
        names = [n for n in self.order if n in self._steps]
        names += sorted(set(self._steps) - set(self.order))
        return [(name, self._steps[name]) for name in names]
