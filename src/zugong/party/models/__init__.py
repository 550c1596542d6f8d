from zugong.party.models.committees import BranchCommittee, CommitteePost, CommitteeSeat
from zugong.party.models.dues import DuesBase, DuesPayment
from zugong.party.models.members import (
    Member,
    MemberKind,
    MemberStatus,
    MemberStatusChange,
    Occupation,
)

__all__ = [
    "BranchCommittee",
    "CommitteePost",
    "CommitteeSeat",
    "DuesBase",
    "DuesPayment",
    "Member",
    "MemberKind",
    "MemberStatus",
    "MemberStatusChange",
    "Occupation",
]
