from zugong.core.models.access import ApiToken, Role, RoleAssignment, TwoFactor, User
from zugong.core.models.audit import AuditChainHead, AuditEntry
from zugong.core.models.calendar import CalendarDay
from zugong.core.models.codes import CodeItem, CodeTable
from zugong.core.models.jobs import Job
from zugong.core.models.notifications import Notification
from zugong.core.models.organizations import (
    Organization,
    OrganizationEvent,
    OrgCategory,
    OrgKind,
    OrgStatus,
)
from zugong.core.models.persons import Person
from zugong.core.models.schedule import ScanRun
from zugong.core.models.todo import TodoCount, TodoItem
from zugong.core.models.two_factor import TOTPDevice

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditEntry",
    "CalendarDay",
    "CodeItem",
    "CodeTable",
    "Job",
    "Notification",
    "OrgCategory",
    "OrgKind",
    "OrgStatus",
    "Organization",
    "OrganizationEvent",
    "Person",
    "Role",
    "RoleAssignment",
    "ScanRun",
    "TOTPDevice",
    "TodoCount",
    "TodoItem",
    "TwoFactor",
    "User",
]
