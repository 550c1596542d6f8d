"""Talent back office: card (being built)."""
