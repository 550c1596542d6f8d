"""Every write to cadre data goes through these services; each is authorized and audited."""
