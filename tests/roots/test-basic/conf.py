project = "basic"
extensions = ["myst_parser", "talknotes"]
exclude_patterns = ["_build"]
nitpicky = True
version = "1.0"
copyright = "2026, the talknotes tests"
