"""Talent API: cooperation (being built)."""
