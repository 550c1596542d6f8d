"""API of the grassroots module: twonew (filled in by its owner)."""
