"""Run the talknotes command line: python -m talknotes --help."""

from .commands.cli import main

raise SystemExit(main())
