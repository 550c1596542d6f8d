"""The talent module's daily sweep: talent cards past their validity become expired and
so do rural-talent certificates. Run once a day (a systemd timer or cron entry, see
docs/operations.md): the scheduled scan ``talent.sweep`` (talent/scans.py) runs it
every day; this command runs the same function by hand, for any day. Running it twice on
a day changes nothing the second time."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from zugong.core.scope import system_scope


class Command(BaseCommand):
    help = "人才卡、乡村人才证书到期失效处理（每日运行一次）"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, help="按哪一天处理（默认今天）")

    def handle(self, *args, **options):
        from zugong.talent.scans import sweep

        today = options.get("date") or dt.date.today()
        with system_scope("talent-sweep"):
            result = sweep(today)
        self.stdout.write(result["message"])
