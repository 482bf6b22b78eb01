"""Generate typed Python clients and Markdown reference docs from OpenAPI documents."""

__version__ = "0.1.0"
