"""The event handlers that tie reading, the graph and writing together, one module per phase of a build."""
