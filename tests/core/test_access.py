import pytest

from tests.conftest import login, scope_of
from zugong.core import capabilities as caps
from zugong.core.errors import ApplicationError
from zugong.core.models import Role
from zugong.core.scope import system_scope
from zugong.core.services import access as services


def test_builtin_roles_keep_the_three_administrators_apart(db):
    roles = {r.code: set(r.capabilities) for r in Role.objects.all()}
    assert roles["audit_admin"] == {caps.VIEW_AUDIT}
    for code in ("system_admin", "security_admin", "dept_admin"):
        assert caps.VIEW_AUDIT not in roles[code]
    for code, capabilities in roles.items():
        assert not caps.separation_conflicts(capabilities), code


def test_a_role_cannot_combine_audit_with_writes(cast):
    role = Role.objects.get(code="audit_admin")
    with scope_of(cast.secadmin), pytest.raises(ApplicationError, match="三员分立"):
        services.role_save(
            actor=cast.secadmin,
            role=role,
            name=role.name,
            capabilities=[caps.VIEW_AUDIT, caps.CHANGE_PERSON],
        )


def test_an_auditor_cannot_also_hold_an_administrator_role(cast):
    with scope_of(cast.secadmin), pytest.raises(ApplicationError, match="三员分立"):
        services.role_grant(
            actor=cast.secadmin,
            user=cast.auditor,
            role=Role.objects.get(code="system_admin"),
            organization=cast.district,
        )


def test_the_system_administrator_cannot_read_the_audit_log(cast):
    response = login(cast.sysadmin).get("/admin/core/auditentry/")
    assert response.status_code == 403
    assert login(cast.auditor).get("/admin/core/auditentry/").status_code == 200


def test_the_audit_administrator_changes_nothing(cast):
    client = login(cast.auditor)
    assert client.get("/admin/core/person/").status_code == 403
    assert client.get(f"/admin/core/organization/{cast.town_a.pk}/change/").status_code == 403
    assert client.get("/admin/core/user/").status_code == 403
    response = client.post(f"/admin/core/auditentry/{1}/delete/")
    assert response.status_code in (403, 404)


def test_the_security_administrator_sees_lockouts_but_not_people(cast):
    client = login(cast.secadmin)
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    assert client.get("/admin/core/person/").status_code == 403


def test_tokens_are_stored_as_digests(cast):
    with system_scope():
        token, clear = services.token_create(actor=cast.officer_a, user=cast.officer_a, name="对接")
    assert clear.startswith("zg_")
    assert clear not in token.digest
    assert services.token_user(clear) == cast.officer_a
    with system_scope():
        services.token_revoke(actor=cast.officer_a, token=token)
    assert services.token_user(clear) is None


def test_password_rules_are_explained_in_chinese(cast):
    with scope_of(cast.sysadmin), pytest.raises(ApplicationError, match="密码不符合要求") as error:
        services.user_create(
            actor=cast.sysadmin, username="newbie", full_name="新人", password="abcdefgh"
        )
    assert "至少" in error.value.message


def test_grant_role_names_what_it_did_not_find_in_chinese(cast):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError) as error:
        call_command("grant_role", "nobody", "dept_admin", "999")
    assert str(error.value) == "未找到用户“nobody”、组织编码“999”"
    call_command("grant_role", "bob", "leader", cast.town_b.code)
    from zugong.core.services.access import get_access

    assert get_access(cast.officer_a).has(caps.VIEW_PERSON, cast.branch_b.path)


def test_a_refusal_names_each_capability_once():
    assert caps.need_any(caps.MANAGE_USERS, caps.MANAGE_USERS).label() == "管理用户账号"
    assert caps.need_any(caps.VIEW_PERSON, caps.CHANGE_PERSON).label() == "查看人员或维护人员"
