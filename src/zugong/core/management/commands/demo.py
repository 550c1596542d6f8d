from django.core.management.base import BaseCommand, CommandError

from zugong.core import demo


class Command(BaseCommand):
    help = "建立演示区（临桂区）：组织树、约5000名人员和各角色演示账号"

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=5000, help="人员数（默认5000）")

    def handle(self, *args, **options):
        if demo.person_count() or demo.existing_accounts():
            self.stdout.write("演示数据已存在，跳过建立。")
            self.stdout.write(demo.describe_accounts({"accounts": demo.existing_accounts()}))
            return
        try:
            result = demo.build(persons=options["persons"])
        except RuntimeError as exc:
            raise CommandError("数据库中已有组织，演示区只能建在空数据库上") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已建立演示区：{result['organizations']}个党组织，{result['persons']}名人员。"
            )
        )
        for line in result["extended"]:
            self.stdout.write(line)
        self.stdout.write(demo.describe_figures())
        self.stdout.write(demo.describe_accounts(result))
