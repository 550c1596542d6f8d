"""Talent back office: contact (being built)."""
