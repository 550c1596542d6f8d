"""Talent back office: pool (being built)."""
