"""Reference docs: Markdown pages for every operation and schema, and an index."""
