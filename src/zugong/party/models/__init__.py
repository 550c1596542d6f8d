from zugong.party.models.committees import BranchCommittee, CommitteePost, CommitteeSeat
from zugong.party.models.development import DevelopmentCase, DevelopmentStep, Stage
from zugong.party.models.dues import DuesBase, DuesPayment, MemberIncome
from zugong.party.models.meetings import Attendance, Meeting, MeetingKind, MemberReview, ReviewGrade
from zugong.party.models.members import (
    Member,
    MemberKind,
    MemberStatus,
    MemberStatusChange,
    Occupation,
)
from zugong.party.models.records import Honour, MajorMatterReport, StudyRecord, Visit
from zugong.party.models.transfers import FloatingRecord, Transfer

__all__ = [
    "Attendance",
    "BranchCommittee",
    "CommitteePost",
    "CommitteeSeat",
    "DevelopmentCase",
    "DevelopmentStep",
    "DuesBase",
    "DuesPayment",
    "FloatingRecord",
    "Honour",
    "MajorMatterReport",
    "Meeting",
    "MeetingKind",
    "Member",
    "MemberIncome",
    "MemberKind",
    "MemberReview",
    "MemberStatus",
    "MemberStatusChange",
    "Occupation",
    "ReviewGrade",
    "Stage",
    "StudyRecord",
    "Transfer",
    "Visit",
]
