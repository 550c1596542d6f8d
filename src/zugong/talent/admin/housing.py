"""Talent back office: housing (being built)."""
