"""``zugong scan``: the scheduled scans (zugong.core.schedule) from a timer or by hand."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from zugong.core import schedule


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--today 应为日期，格式 YYYY-MM-DD，收到“{value}”") from error


class Command(BaseCommand):
    help = (
        "定时扫描：zugong scan --due 执行到期的扫描（供 systemd 定时器或 cron 调用，"
        "漏掉的日期依次补做）；加 --enqueue 则交给后台任务进程执行；"
        "zugong scan <名称> [--today YYYY-MM-DD] 立即执行一项；zugong scan --list 列出全部"
    )

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="扫描名称，如 core.todo")
        parser.add_argument("--today", help="按哪一天执行（默认今天）")
        parser.add_argument("--due", action="store_true", help="执行所有到期的扫描")
        parser.add_argument(
            "--enqueue", action="store_true", help="与 --due 同用：交给后台任务进程执行"
        )
        parser.add_argument("--list", action="store_true", help="列出已登记的扫描")

    def handle(self, *args, name=None, today=None, due=False, enqueue=False, **options):
        scans = schedule.discover()
        if options["list"]:
            for entry in scans.values():
                when = (
                    f"每日{entry.daily_at:%H:%M}"
                    if entry.daily_at
                    else f"每{schedule._interval(entry)}分钟"
                )
                self.stdout.write(f"{entry.name}\t{entry.title}\t{when}")
            return
        if due == bool(name):
            raise CommandError("请给出扫描名称，或使用 --due（二者取一）")
        if enqueue and not due:
            raise CommandError("--enqueue 只能与 --due 同用")
        if due:
            self._due(enqueue, options["verbosity"])
            return
        if name not in scans:
            raise CommandError(f"没有名为“{name}”的扫描；可用：{'、'.join(scans)}")
        day = _date(today) if today else timezone.localdate()
        try:
            record = schedule.run(name, day, trigger="manual")
        except schedule.ScanBusy as error:
            raise CommandError(f"扫描“{name}”正在执行或排队，未重复执行") from error
        self._report(record)
        if record.status != record.Status.SUCCEEDED:
            raise CommandError(f"扫描“{name}”失败：{record.message}")

    def _due(self, enqueue: bool, verbosity: int) -> None:
        records = schedule.enqueue_due() if enqueue else schedule.run_due()
        if enqueue:
            for record in records:
                self.stdout.write(f"已排队：{record.name}（{record.for_date}）")
        else:
            for record in records:
                self._report(record)
        if not records and verbosity > 0:
            self.stdout.write("没有到期的扫描。")
        failed = [r for r in records if r.status == r.Status.FAILED]
        if failed:
            raise CommandError("失败的扫描：" + "、".join(r.name for r in failed))

    def _report(self, record) -> None:
        status = record.get_status_display()
        self.stdout.write(
            f"{record.name}（{record.for_date}）：{status}，用时{record.duration or 0:.1f}秒。"
            f"{record.message}"
        )
