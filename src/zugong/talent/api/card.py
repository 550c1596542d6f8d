"""Talent API: card (being built)."""
