"""The hand-written runtime that generated clients delegate to (standard library only).

These modules are copied verbatim into every generated package; they are not
generated and carry no spec-specific code.
"""
