from zugong.party.models.members import (
    Member,
    MemberKind,
    MemberStatus,
    MemberStatusChange,
    Occupation,
)

__all__ = ["Member", "MemberKind", "MemberStatus", "MemberStatusChange", "Occupation"]
