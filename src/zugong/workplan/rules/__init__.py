"""The work plan ledger's rules: lights and escalation (lights), progress grades and
progress from indicators (progress), report frequencies and deadlines (tasks)."""
