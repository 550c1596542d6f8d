"""``zugong gen --members N``: a deterministic data set of N members for benchmarks."""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from zugong.core.scope import system_scope
from zugong.party.generate import generate


class Command(BaseCommand):
    help = "生成基准测试数据：N 名党员及其人员和党组织（约每20名党员一个支部），可重复"

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, required=True, help="党员人数")
        parser.add_argument("--seed", type=int, default=2023, help="随机种子（默认2023）")

    def handle(self, *args, **options):
        if options["members"] < 1:
            raise CommandError("党员人数应大于0")
        with system_scope("gen"):
            try:
                result = generate(
                    members=options["members"],
                    seed=options["seed"],
                    progress=lambda line: self.stdout.write(line),
                )
            except RuntimeError as error:
                raise CommandError(str(error)) from error
            # Each other installed app with a ``generate`` module adds its records on top
            # (``extend(seed, progress)``), as the demo builder lets apps extend the demo.
            for config in apps.get_app_configs():
                if config.label in ("core", "party") or not config.name.startswith("zugong."):
                    continue
                if find_spec(f"{config.name}.generate"):
                    import_module(f"{config.name}.generate").extend(
                        seed=options["seed"], progress=lambda line: self.stdout.write(line)
                    )
        self.stdout.write(
            f"已生成：党组织 {result['organizations']:,} 个，人员 {result['persons']:,} 名，"
            f"党员 {result['members']:,} 名。"
        )
