"""``zugong check_replica``: is the read replica configured, following, and serving reports?"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from zugong.dbrouter import REPLICA, ReplicaRouter, replica_configured, reporting_reads


class Command(BaseCommand):
    help = "检查只读副本：是否已配置、是否处于恢复（跟随主库）状态、复制延迟，以及报表读取是否落在副本上"

    def handle(self, *args, **options):
        if not replica_configured():
            raise CommandError("未配置只读副本（设置 ZUGONG_REPLICA_URL 后重试）")
        replica = connections[REPLICA]
        if replica.vendor != "postgresql":
            raise CommandError("只读副本须为 PostgreSQL 流复制备库")
        with replica.cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), inet_server_port(),"
                " COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
            )
            in_recovery, port, lag = cursor.fetchone()
        if not in_recovery:
            raise CommandError(f"端口 {port} 上的数据库不是备库（pg_is_in_recovery() 为假）")
        from zugong.core.models import Organization

        with reporting_reads():
            routed = ReplicaRouter().db_for_read(Organization)
        if routed != REPLICA:
            raise CommandError(f"报表读取被路由到 {routed}，而不是只读副本")
        self.stdout.write(
            f"只读副本正常：端口 {port}，处于恢复状态，最近一次回放距今 {float(lag):.1f} 秒；"
            "驾驶舱、组织生活落实情况和花名册导出的读取走副本。"
        )
