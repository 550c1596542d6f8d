"""The talent module's rules: each value with its source (zugong.core.rules.Rule)."""
