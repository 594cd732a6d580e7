"""`python -m dualcarbon.cli`: the same as the `dualcarbon` command."""

from dualcarbon.cli.app import main

main()
