from django.core.management.base import BaseCommand, CommandError

from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, Role, User
from zugong.core.scope import system_scope
from zugong.core.services.access import role_grant


class Command(BaseCommand):
    help = "为用户授予角色及其数据范围（组织编码），用于初始化第一个管理员"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", help="角色代码，如 dept_admin、security_admin、audit_admin")
        parser.add_argument("org_code", help="数据范围的组织编码（含其全部下级）")

    def handle(self, *args, username, role, org_code, **options):
        with system_scope("grant_role"):
            user = User.objects.filter(username=username).first()
            role_obj = Role.objects.filter(code=role).first()
            organization = Organization.objects.filter(code=org_code).first()
            missing = [
                text
                for found, text in (
                    (user, f"用户“{username}”"),
                    (role_obj, f"角色代码“{role}”"),
                    (organization, f"组织编码“{org_code}”"),
                )
                if found is None
            ]
            if missing:
                raise CommandError("未找到" + "、".join(missing))
            try:
                role_grant(actor=None, user=user, role=role_obj, organization=organization)
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(f"已授予 {username} 角色 {role_obj.name}，范围 {organization.name}")
        )
