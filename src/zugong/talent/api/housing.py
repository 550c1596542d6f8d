"""Talent API: housing (being built)."""
