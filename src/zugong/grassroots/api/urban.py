"""API of the grassroots module: urban (filled in by its owner)."""
