"""A test clock: «today» for the whole program, moved by the test (journeys over months).

The program asks ``dt.date.today()`` / ``dt.datetime.now()`` (every module does
``import datetime as dt``) and some widgets take ``today=dt.date.today`` as a default argument.
``install`` imports every module of ``kvp_desktop`` and ``ui``, replaces each module's ``dt`` with a
copy of :mod:`datetime` whose ``date.today()`` and ``datetime.now()`` answer from the clock, and
swaps ``date.today`` defaults for the clock's. Dates made through the copy are real ``date``
objects, and ``isinstance(x, dt.date)`` keeps working for real dates.
"""

from __future__ import annotations

import datetime as real
import importlib
import inspect
import pkgutil
import re
import sys
import types
from typing import Any

import pytest


class Clock:
    def __init__(self, day: real.date) -> None:
        self.day = day

    def today(self) -> real.date:
        return self.day

    def now(self) -> real.datetime:
        return real.datetime.combine(self.day, real.datetime.now().time())

    def set(self, day: real.date) -> None:
        self.day = day


class _Meta(type):
    """``isinstance(x, dt.date)`` asks about the real class (``_real``)."""

    def __instancecheck__(cls, obj: object) -> bool:
        return isinstance(obj, cls._real)  # type: ignore[attr-defined]

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, cls._real)  # type: ignore[attr-defined]


def _shim(clock: Clock) -> types.ModuleType:
    class FakeDate(real.date, metaclass=_Meta):
        _real = real.date

        def __new__(cls, *args: Any, **kwargs: Any) -> real.date:  # type: ignore[misc]
            return real.date(*args, **kwargs)

        @classmethod
        def today(cls) -> real.date:  # type: ignore[override]
            return clock.today()

        @classmethod
        def fromisoformat(cls, text: str) -> real.date:  # type: ignore[override]
            return real.date.fromisoformat(text)

        @classmethod
        def fromordinal(cls, n: int) -> real.date:  # type: ignore[override]
            return real.date.fromordinal(n)

    class FakeDateTime(real.datetime, metaclass=_Meta):
        _real = real.datetime

        def __new__(cls, *args: Any, **kwargs: Any) -> real.datetime:  # type: ignore[misc]
            return real.datetime(*args, **kwargs)

        @classmethod
        def now(cls, tz: Any = None) -> real.datetime:  # type: ignore[override]
            value = clock.now()
            return value.replace(tzinfo=tz) if tz is not None else value

        @classmethod
        def today(cls) -> real.datetime:  # type: ignore[override]
            return clock.now()

        @classmethod
        def combine(cls, *args: Any, **kwargs: Any) -> real.datetime:  # type: ignore[override]
            return real.datetime.combine(*args, **kwargs)

        @classmethod
        def fromisoformat(cls, text: str) -> real.datetime:  # type: ignore[override]
            return real.datetime.fromisoformat(text)

        @classmethod
        def strptime(cls, *args: Any) -> real.datetime:  # type: ignore[override]
            return real.datetime.strptime(*args)

    module = types.ModuleType("datetime_at_the_test_clock")
    module.__dict__.update({k: v for k, v in real.__dict__.items() if not k.startswith("__")})
    module.date = FakeDate  # type: ignore[attr-defined]
    module.datetime = FakeDateTime  # type: ignore[attr-defined]
    return module


def _import_all() -> list[types.ModuleType]:
    found = []
    for package_name in ("kvp_desktop", "ui"):
        package = importlib.import_module(package_name)
        for info in pkgutil.walk_packages(package.__path__, package_name + "."):
            if info.name.endswith("__main__") or ".migrations.versions" in info.name:
                continue
            try:
                found.append(importlib.import_module(info.name))
            except Exception:
                continue
    return [m for name, m in sys.modules.items() if name.split(".")[0] in ("kvp_desktop", "ui") and m]


def _reads_the_clock(module: types.ModuleType) -> bool:
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return False
    return re.search(r"\bdt\.(date|datetime)\.(today|now)\b", source) is not None


def install(monkeypatch: pytest.MonkeyPatch, clock: Clock) -> None:
    shim = _shim(clock)
    today = real.date.today
    for module in _import_all():
        # Only where the clock is read: elsewhere ``dt.date`` may be compared by identity (type hints
        # turned into parsers, e.g. ``services.letters.content``), which the copy must not disturb.
        if getattr(module, "dt", None) is real and _reads_the_clock(module):
            monkeypatch.setattr(module, "dt", shim)
        for _name, obj in list(vars(module).items()):
            if getattr(obj, "__module__", None) != module.__name__:
                continue
            functions = [obj] if inspect.isfunction(obj) else (
                [f for f in vars(obj).values() if inspect.isfunction(f)] if inspect.isclass(obj) else [])
            for function in functions:
                defaults = function.__defaults__
                if defaults and any(d == today for d in defaults if callable(d)):
                    monkeypatch.setattr(function, "__defaults__",
                                        tuple(clock.today if callable(d) and d == today else d for d in defaults))
                kwdefaults = function.__kwdefaults__
                if kwdefaults and any(callable(d) and d == today for d in kwdefaults.values()):
                    monkeypatch.setattr(function, "__kwdefaults__", {
                        k: clock.today if callable(d) and d == today else d for k, d in kwdefaults.items()})
