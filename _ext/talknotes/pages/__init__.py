"""What readers see in pages: the rendered cards and lists, the generated pages, navigation and page metadata."""
