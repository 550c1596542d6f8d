"""Services: every write goes through one of these, checks access and writes the audit log."""
