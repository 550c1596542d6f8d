"""The work plan ledger (工作要点台账): plan → parts → points → tasks, supervision, summary."""
