"""`dualcarbon`: the command line for statisticians, departments, stewards, the DRC and operators.

Messages are in Simplified Chinese by default; `--lang en` (or DUALCARBON_LANG=en) switches
to English. One module per command group; `app.py` assembles them.
"""

from dualcarbon.cli.app import main

__all__ = ["main"]
