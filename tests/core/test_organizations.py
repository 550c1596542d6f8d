import datetime as dt

import pytest

from tests.conftest import scope_of
from zugong.core.errors import ApplicationError, PermissionDenied
from zugong.core.models import AuditEntry, Organization, OrganizationEvent, OrgKind, OrgStatus
from zugong.core.scope import system_scope
from zugong.core.services import organizations as services
from zugong.core.services import persons as person_services


def reload(org):
    with system_scope():
        return Organization.objects.get(pk=org.pk)


def test_children_get_paths_under_their_parent(cast):
    assert cast.branch_a.path.startswith(cast.town_a.path)
    assert len(cast.branch_a.path) == len(cast.town_a.path) + 4
    assert cast.branch_a.depth == 3
    assert cast.branch_a.path != cast.branch_a2.path


def test_a_township_officer_creates_inside_the_township_only(cast):
    with scope_of(cast.officer_a):
        org = services.organization_create(
            actor=cast.officer_a,
            parent=cast.town_a,
            data={
                "name": "中共虎山社区支部委员会",
                "code": "450312100003",
                "kind": OrgKind.BRANCH,
                "category": "community",
            },
        )
        assert org.parent == cast.town_a
        with pytest.raises(PermissionDenied, match="不在您的数据范围内"):
            services.organization_create(
                actor=cast.officer_a,
                parent=cast.town_b,
                data={"name": "越权支部", "code": "X1", "kind": OrgKind.BRANCH},
            )
    with system_scope():
        assert not Organization.objects.filter(code="X1").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "code": "N1", "kind": OrgKind.BRANCH}, "组织名称不能为空"),
        ({"name": "重号", "code": "450312100001", "kind": OrgKind.BRANCH}, "已被其他组织使用"),
        ({"name": "错误层级", "code": "N2", "kind": OrgKind.DISTRICT}, "之下不能设立"),
        (
            {
                "name": "未来",
                "code": "N3",
                "kind": OrgKind.BRANCH,
                "founded_on": dt.date(2999, 1, 1),
            },
            "成立日期2999-01-01晚于今天",
        ),
        (
            {"name": "无效区划", "code": "N4", "kind": OrgKind.BRANCH, "region_code": "999999"},
            "行政区划代码“999999”",
        ),
    ],
)
def test_bad_organization_input_is_refused_in_chinese(cast, data, message):
    with scope_of(cast.admin), pytest.raises(ApplicationError, match=message):
        services.organization_create(actor=cast.admin, parent=cast.town_a, data=data)


def test_moving_a_subtree_moves_every_descendant(cast):
    with system_scope():
        group = services.organization_create(
            actor=None,
            parent=cast.branch_a,
            data={"name": "第一党小组", "code": "G1", "kind": OrgKind.GROUP},
        )
    with scope_of(cast.admin):
        services.organization_move(
            actor=cast.admin,
            organization=cast.branch_a,
            new_parent=cast.town_b,
            document_no="临组通〔2026〕5号",
        )
    moved, group = reload(cast.branch_a), reload(group)
    assert moved.parent_id == cast.town_b.pk
    assert moved.path.startswith(cast.town_b.path)
    assert group.path.startswith(moved.path)
    assert group.depth == moved.depth + 1
    with scope_of(cast.officer_b):  # the person moved with the branch
        assert set(p.name for p in person_services.Person.objects.all()) == {"黄秀英", "莫春梅"}
    with system_scope():
        event = OrganizationEvent.objects.filter(organization=moved, kind="moved").get()
        assert event.document_no == "临组通〔2026〕5号"
        assert AuditEntry.objects.filter(
            action="core.organization.moved", object_id=str(moved.pk)
        ).exists()


def test_moving_under_its_own_descendant_is_refused(cast):
    with scope_of(cast.admin), pytest.raises(ApplicationError, match="其自身或其下级组织"):
        services.organization_move(
            actor=cast.admin, organization=cast.town_a, new_parent=cast.branch_a
        )
    assert reload(cast.town_a).path == cast.town_a.path


def test_moving_out_of_scope_is_refused(cast):
    with scope_of(cast.officer_a), pytest.raises(PermissionDenied):
        services.organization_move(
            actor=cast.officer_a, organization=cast.branch_a, new_parent=cast.town_b
        )


def test_an_organization_with_members_cannot_be_dissolved(cast):
    with scope_of(cast.admin), pytest.raises(ApplicationError, match="还有1名人员"):
        services.organization_dissolve(
            actor=cast.admin, organization=cast.branch_a, occurred_on=dt.date(2026, 1, 5)
        )
    with scope_of(cast.admin), pytest.raises(ApplicationError, match="还有2个下级组织"):
        services.organization_dissolve(
            actor=cast.admin, organization=cast.town_a, occurred_on=dt.date(2026, 1, 5)
        )
    assert reload(cast.branch_a).status == OrgStatus.ACTIVE


def test_dissolving_keeps_the_node_and_its_history(cast):
    with scope_of(cast.admin):
        person_services.person_update(
            actor=cast.admin, person=cast.person_a, data={}, organization=cast.branch_a2
        )
        services.organization_dissolve(
            actor=cast.admin,
            organization=cast.branch_a,
            occurred_on=dt.date(2026, 1, 5),
            document_no="临组〔2026〕1号",
        )
    org = reload(cast.branch_a)
    assert org.status == OrgStatus.DISSOLVED
    assert org.ended_on == dt.date(2026, 1, 5)
    with system_scope():
        assert list(org.events.values_list("kind", flat=True)) == ["created", "dissolved"]


def test_merging_moves_the_persons(cast):
    with scope_of(cast.admin):
        services.organization_merge(
            actor=cast.admin,
            organization=cast.branch_a,
            into=cast.branch_a2,
            occurred_on=dt.date(2026, 2, 1),
        )
    with system_scope():
        assert reload(cast.branch_a).merged_into_id == cast.branch_a2.pk
        assert (
            person_services.Person.objects.get(pk=cast.person_a.pk).organization_id
            == cast.branch_a2.pk
        )
