import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from tests.conftest import login, make_id
from zugong.core.models import AuditEntry, Person
from zugong.core.scope import system_scope


class VisibleText(HTMLParser):
    """Text a user reads: element text plus placeholders, titles and button values."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.skip += 1
        for name, value in attrs:
            if name in ("placeholder", "title", "aria-label") and value:
                self.parts.append(value)
            if (
                name == "value"
                and tag == "input"
                and dict(attrs).get("type") in ("submit", "button")
            ):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


# English words of Django's and Unfold's interface that must never reach a user here.
ENGLISH = re.compile(
    r"\b(Filters?|Search|Save|Delete|Add|Change|History|Home|Log ?out|Log ?in|Select|Action|Actions|Go|Yes|No|"
    r"Previous|Next|Show all|Clear|Apply|Cancel|Submit|Return to site|results?|total|Welcome|Password|Username|"
    r"Dashboard|Run|Export|Import|Close|Light|Dark|System|Navigate|Recent)\b"
)
PAGES = [
    "/admin/",
    "/admin/core/person/",
    "/admin/core/person/add/",
    "/admin/core/organization/",
    "/admin/core/organization/add/",
    "/admin/core/organizationevent/",
    "/admin/core/job/",
    "/admin/core/apitoken/",
    "/admin/core/user/",
    "/admin/core/role/",
    "/admin/core/roleassignment/",
    "/admin/core/codeitem/",
]


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.mark.parametrize("url", PAGES)
def test_main_pages_speak_chinese_only(cast, url):
    response = login(cast.admin).get(url)
    assert response.status_code == 200, url
    text = visible_text(response.content.decode())
    found = sorted(set(ENGLISH.findall(text)))
    assert not found, f"{url}: {found}"


def test_the_login_page_is_chinese(client, db):
    text = visible_text(client.get("/admin/login/").content.decode())
    assert "用户名" in text
    assert "密码" in text
    assert "登录" in text
    assert not ENGLISH.findall(text)


def test_the_person_list_of_another_township_is_empty(cast):
    body = login(cast.officer_b).get("/admin/core/person/").content.decode()
    assert "莫春梅" in body
    assert "黄秀英" not in body
    assert "李建华" not in body


def test_search_does_not_cross_the_scope(cast):
    client = login(cast.officer_b)
    assert "黄秀英" not in client.get("/admin/core/person/", {"q": "黄"}).content.decode()
    with system_scope():
        number = Person.objects.get(pk=cast.person_a.pk)
    from zugong.core.services.persons import person_clear_value

    response = client.get("/admin/core/person/", {"q": person_clear_value(number, "id_number")})
    assert "黄秀英" not in response.content.decode()
    own = login(cast.officer_a).get(
        "/admin/core/person/", {"q": person_clear_value(number, "id_number")}
    )
    assert "黄秀英" in own.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/core/person/{person}/change/",
        "/admin/core/person/{person}/delete/",
        "/admin/core/organization/{org}/change/",
        "/admin/core/organization/{org}/dissolve/",
    ],
)
def test_details_of_another_township_answer_404(cast, url):
    url = url.format(person=cast.person_a.pk, org=cast.branch_a.pk)
    assert login(cast.officer_b).get(url).status_code == 404
    assert login(cast.officer_b).post(url, {"name": "越权"}).status_code == 404


def test_organization_tree_and_autocomplete_are_scoped(cast):
    client = login(cast.officer_b)
    body = client.get("/admin/core/organization/").content.decode()
    assert "六塘村" in body
    assert "金水" not in body
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "core", "model_name": "person", "field_name": "organization", "term": "中共"},
    )
    names = {r["text"] for r in response.json()["results"]}
    assert names == {"中共六塘镇委员会", "六塘镇 / 中共六塘村支部委员会"}


def test_adding_a_person_through_the_admin_uses_the_service(cast):
    client = login(cast.officer_a)
    number = make_id(dt.date(1995, 4, 4), 12)
    response = client.post(
        "/admin/core/person/add/",
        {
            "name": "蒋小红",
            "id_number": number,
            "ethnicity": "01",
            "education": "21",
            "political_status": "03",
            "organization": cast.branch_a.pk,
            "phone": "",
            "former_name": "",
            "native_place": "",
            "work_unit": "",
            "job_title": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with system_scope():
        person = Person.objects.get(name="蒋小红")
    assert person.gender == "2"
    assert person.birth_date == dt.date(1995, 4, 4)
    assert AuditEntry.objects.filter(
        action="core.person.created", object_id=str(person.pk), actor=cast.officer_a
    ).exists()


def test_a_bad_id_number_shows_the_reason_beside_the_field(cast):
    response = login(cast.officer_a).post(
        "/admin/core/person/add/",
        {
            "name": "蒋小红",
            "id_number": "450312199504040121",
            "ethnicity": "01",
            "political_status": "03",
            "organization": cast.branch_a.pk,
        },
    )
    assert response.status_code == 200
    assert "校验码错误" in response.content.decode()


def test_adding_a_person_into_another_township_is_refused(cast):
    response = login(cast.officer_b).post(
        "/admin/core/person/add/",
        {
            "name": "蒋小红",
            "id_number": make_id(dt.date(1995, 4, 4), 12),
            "ethnicity": "01",
            "political_status": "03",
            "organization": cast.branch_a.pk,
        },
    )
    assert response.status_code == 200  # the organization is not a valid choice for this user
    with system_scope():
        assert not Person.objects.filter(name="蒋小红").exists()


def test_reveal_page_shows_the_value_and_audits(cast):
    response = login(cast.admin).get(f"/admin/core/person/{cast.person_a.pk}/reveal/phone/")
    assert "13907730001" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert AuditEntry.objects.filter(action="core.person.revealed", actor=cast.admin).count() == 1


def test_a_township_officer_sees_masked_values_only(cast):
    client = login(cast.officer_a)
    body = client.get(f"/admin/core/person/{cast.person_a.pk}/change/").content.decode()
    assert "139****0001" in body
    assert "13907730001" not in body
    assert "查看明文" not in body
    # Without the capability anywhere, the reveal page itself is refused.
    assert client.get(f"/admin/core/person/{cast.person_a.pk}/reveal/phone/").status_code == 403


def test_dissolving_through_the_admin_explains_refusals(cast):
    response = login(cast.admin).post(
        f"/admin/core/organization/{cast.branch_a.pk}/dissolve/", {"occurred_on": "2026-01-05"}
    )
    assert response.status_code == 200
    assert "还有1名人员" in response.content.decode()


def test_the_sidebar_follows_capabilities(cast):
    officer = login(cast.officer_a).get("/admin/").content.decode()
    assert "/admin/core/person/" in officer
    assert "/admin/core/auditentry/" not in officer
    auditor = login(cast.auditor).get("/admin/").content.decode()
    assert "/admin/core/auditentry/" in auditor
    assert "/admin/core/person/" not in auditor


def test_the_dashboard_counts_only_the_scope(cast):
    body = login(cast.officer_b).get("/admin/").content.decode()
    assert 'id="zg-person-total">1<' in body
    body = login(cast.admin).get("/admin/").content.decode()
    assert 'id="zg-person-total">3<' in body


def test_audit_list_and_chain_check_for_the_auditor(cast):
    client = login(cast.auditor)
    assert "新增人员" in client.get("/admin/core/auditentry/").content.decode()
    response = client.get("/admin/core/auditentry/verify/", follow=True)
    assert "摘要链完整" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/admin/core/person/",
        "/admin/core/organization/",
        "/admin/core/organizationevent/",
        "/admin/core/job/",
        "/admin/core/apitoken/",
        "/admin/party/member/",
        "/admin/party/member/medal/?year=2026",
        "/admin/party/member/structure/",
        "/admin/",
    ],
)
def test_no_list_shows_the_other_township(cast, url):
    """The officer of 六塘镇 opens every list the sidebar offers: nothing of 临桂镇 appears."""
    client = login(cast.officer_a)
    client.get("/admin/core/person/export/")  # a job and its row exist for A's officer
    body = login(cast.officer_b).get(url).content.decode()
    for name in ("黄秀英", "李建华", "金水", "榕山", "临桂镇"):
        assert name not in body, (url, name)
