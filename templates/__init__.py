"""Jinja templates and the static runtime, shipped inside the generator's wheel."""
