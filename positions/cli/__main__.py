"""``python -m positions.cli``: the same as the ``positions`` command."""

from positions.cli import main

main()
