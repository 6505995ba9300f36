"""The Sphinx side the rest builds on: the domain, directives, the build's state, the outline and Sphinx internals."""
