"""Run the talknotes command line: python -m talknotes --help."""

from .cli import main

raise SystemExit(main())
