"""``python -m klynge``: the same as the installed ``klynge`` command."""

import sys

from .cli import main

sys.exit(main())
