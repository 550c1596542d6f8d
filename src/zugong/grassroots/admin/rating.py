"""Back office of the grassroots module: rating (filled in by its owner)."""
