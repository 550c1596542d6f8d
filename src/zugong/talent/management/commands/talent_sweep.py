"""The talent module's daily sweep: talent cards past their validity become expired and
so do rural-talent certificates. Run once a day (a systemd timer or cron entry, see
docs/operations.md) until the work plan's scheduled scans take it over; running it
twice on a day changes nothing the second time."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from zugong.core.scope import system_scope


class Command(BaseCommand):
    help = "人才卡、乡村人才证书到期失效处理（每日运行一次）"

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, help="按哪一天处理（默认今天）")

    def handle(self, *args, **options):
        from zugong.talent.services.card import cards_expire
        from zugong.talent.services.certification import certification_expire

        today = options.get("date") or dt.date.today()
        with system_scope("talent-sweep"):
            cards = cards_expire(today=today)
            certificates = certification_expire(actor=None, today=today)
        self.stdout.write(
            f"{today.isoformat()}：人才卡到期失效 {cards['cards']} 张"
            f"（附卡 {cards['dependants']} 张），乡村人才证书到期 {certificates} 件"
        )
