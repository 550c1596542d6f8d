"""Talent API: contact (being built)."""
