from django.core.management.base import BaseCommand, CommandError

from zugong.core import audit


class Command(BaseCommand):
    help = "校验审计日志的SM3摘要链，发现篡改时以非零状态退出"

    def handle(self, *args, **options):
        report = audit.verify_chain()
        audit.log_action(
            audit.AUDIT_VERIFIED,
            actor_name="system",
            extra={"checked": report.checked, "ok": report.ok},
        )
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"已校验{report.checked}条审计日志，摘要链完整。"))
            return
        for problem in report.problems:
            self.stderr.write(problem)
        raise CommandError(f"审计日志有{len(report.problems)}处异常")
