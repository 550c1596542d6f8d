"""Talent back office: cooperation (being built)."""
