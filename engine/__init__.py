"""klynge: declarative cost-sharing keys for the Danish health clusters (sundhedsklynger).

The package computes; it never prints. ``cli.py`` renders what it returns.
"""

__version__ = "0.1.0"
