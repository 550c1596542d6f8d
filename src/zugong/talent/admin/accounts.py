"""Talent back office: portal accounts (being built)."""
