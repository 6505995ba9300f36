"""The knowledge graph as plain data: front matter, records, registries, the graph, its views and cross-page checks."""
