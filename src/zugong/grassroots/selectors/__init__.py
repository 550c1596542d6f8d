"""Reads of the grassroots module, scoped: one module per area."""
