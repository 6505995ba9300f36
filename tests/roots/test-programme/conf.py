project = "programme"
extensions = ["myst_parser", "talknotes"]
exclude_patterns = ["_build"]
nitpicky = True
html_baseurl = "https://programme.example/"
version = "1.0"
copyright = "2026, the talknotes tests"
