"""Every write of the work plan ledger: plans (import), tasks, submissions and their
review, instructions, and the lights scan with its supervision notices."""
