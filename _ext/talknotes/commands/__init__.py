"""The command line (``python -m talknotes``): check the content, scaffold pages, import schedules."""
