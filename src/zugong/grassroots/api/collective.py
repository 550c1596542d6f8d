"""API of the grassroots module: collective (filled in by its owner)."""
