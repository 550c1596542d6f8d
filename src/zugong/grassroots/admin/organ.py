"""Back office of the grassroots module: organ (filled in by its owner)."""
