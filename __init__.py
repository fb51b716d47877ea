"""klynge: declarative cost-sharing keys for the Danish health clusters (sundhedsklynger).

The package is this repository's root, laid out as the design card has it: ``engine/`` computes
and never prints, ``commands/`` holds one module per command, ``cli.py`` parses the command line,
and ``rules/`` and ``schemas/`` (the shipped rule library and the JSON Schema files) are package
data. pyproject.toml maps the root to the import name ``klynge``.
"""

from __future__ import annotations


def version() -> str:
    """The installed distribution's version (pyproject.toml), read without importing the engine."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("klynge")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"
