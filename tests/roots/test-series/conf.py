project = "series"
extensions = ["myst_parser", "talknotes"]
exclude_patterns = ["_build"]
nitpicky = True
