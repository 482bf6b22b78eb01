"""The Python layer: identifiers, annotations, imports and modules for the IR."""
