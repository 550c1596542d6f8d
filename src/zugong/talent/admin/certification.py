"""Talent back office: certification (being built)."""
