"""Talent API: certification (being built)."""
