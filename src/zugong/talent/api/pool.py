"""Talent API: pool (being built)."""
