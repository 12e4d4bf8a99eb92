"""Dated parameters (the law's numbers), one YAML file per parameter, and the strict loader.

Use :func:`load_parameters` for the shipped set and :meth:`ParameterSet.with_overrides` to lay
the office's own values (from Settings) over it. See ``docs/rules.md``.
"""

from kvp_desktop.parameters.loader import (
    Override,
    Parameter,
    ParameterError,
    ParameterSet,
    ParameterSnapshot,
    ParameterValue,
    apply_overrides,
    load_directory,
    load_parameters,
    parse_parameter,
)

__all__ = [
    "Override",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "ParameterSnapshot",
    "ParameterValue",
    "apply_overrides",
    "load_directory",
    "load_parameters",
    "parse_parameter",
]
