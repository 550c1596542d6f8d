from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from zugong.core import uploads


class Command(BaseCommand):
    help = (
        "删除上传目录（media/imports）中超过保留期限的文件（花名册、任免审批表预览），"
        "默认期限见 ZUGONG_UPLOAD_MAX_AGE_HOURS 和 ZUGONG_PREVIEW_MAX_AGE_MINUTES"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=None,
            help="只删除早于这么多小时的文件（默认按设置）",
        )

    def handle(self, *args, hours=None, **options):
        if hours is not None and hours < 0:
            raise CommandError("--hours 不能为负数")
        max_age = timedelta(hours=hours) if hours is not None else None
        removed = uploads.clean(max_age=max_age)
        # The count only, never the names. At verbosity 0 (the periodic run of
        # `zugong serve`) a run that removed nothing stays silent.
        if removed or options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"已删除{removed}个过期上传文件。"))
