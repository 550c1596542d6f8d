"""API of the party app under /api/v1/party/."""

import datetime as dt

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from zugong.core import codes
from zugong.core.api import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN, Pagination
from zugong.core.authz import requires
from zugong.core.models import CodeTable, Organization
from zugong.core.scope import get_scoped_or_404
from zugong.party import capabilities as caps
from zugong.party import rules, selectors
from zugong.party.models import Member

router = Router(tags=["党员"])


class MemberOut(Schema):
    id: int
    person_id: int
    name: str
    gender_name: str
    birth_date: dt.date
    kind: str
    kind_name: str
    joined_on: dt.date
    full_on: dt.date | None
    party_standing: int
    status: str
    status_name: str
    occupation: str
    organization_id: int
    organization_name: str

    @staticmethod
    def resolve_name(obj):
        return obj.person.name

    @staticmethod
    def resolve_gender_name(obj):
        return codes.name(CodeTable.GENDER, obj.person.gender)

    @staticmethod
    def resolve_birth_date(obj):
        return obj.person.birth_date

    @staticmethod
    def resolve_kind_name(obj):
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_name(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_party_standing(obj):
        return rules.party_standing_years(obj.full_on, dt.date.today())

    @staticmethod
    def resolve_organization_id(obj):
        return obj.person.organization_id

    @staticmethod
    def resolve_organization_name(obj):
        return obj.person.organization.name


class MemberFilter(Schema):
    q: str = Field("", description="姓名片段，或完整的身份证号/手机号")
    kind: str = ""
    status: str = ""
    organization: int | None = None


@router.get("/members", response=list[MemberOut], summary="党员列表")
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_members(request, filters: Query[MemberFilter]):
    organization = (
        get_scoped_or_404(Organization, pk=filters.organization) if filters.organization else None
    )
    return selectors.member_list(
        q=filters.q, kind=filters.kind, status=filters.status, organization=organization
    )


@router.get("/members/{member_id}", response=MemberOut, summary="党员详情")
@requires(caps.VIEW_MEMBER)
def get_member(request, member_id: int):
    return get_scoped_or_404(Member.objects.select_related("person__organization"), pk=member_id)


@router.get("/medal/{year}", response=list[MemberOut], summary="“光荣在党50年”纪念章颁发对象")
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def medal(request, year: int = Path(..., ge=YEAR_MIN, le=YEAR_MAX, description="年度")):
    return selectors.medal_candidates(year)


class FindingOut(Schema):
    code: str
    message: str
    source: str


class BranchFindingOut(Schema):
    id: int
    name: str
    code: str
    kind: str = Field(
        description="党组织类型：branch 党支部、general_branch 党总支、grassroots_committee 基层党委"
    )
    full: int
    all_members: int
    findings: list[FindingOut]


@router.get(
    "/branch-findings",
    response=list[BranchFindingOut],
    summary="党组织设置检查（党支部、党总支、基层党委）",
)
@requires(caps.VIEW_MEMBER)
def branch_findings(request):
    return selectors.branch_findings()


class ElectionOut(Schema):
    organization_id: int
    organization_name: str
    elected_on: dt.date | None
    term_years: int | None
    due: dt.date | None
    state: str


@router.get(
    "/elections",
    response=list[ElectionOut],
    summary="换届提醒：已逾期、90天内届满和无班子记录的党组织",
)
@requires(caps.VIEW_MEMBER)
def elections(
    request,
    on: dt.date | None = Query(None, ge=DATE_MIN, le=DATE_MAX, description="默认今天"),  # noqa: B008
):
    rows = selectors.elections(on or dt.date.today(), states=("overdue", "due_soon", "missing"))
    return [
        {
            "organization_id": r["organization"].pk,
            "organization_name": r["organization"].name,
            "elected_on": r["committee"].elected_on if r["committee"] else None,
            "term_years": r["committee"].term_years if r["committee"] else None,
            "due": r["due"],
            "state": r["state"],
        }
        for r in rows
    ]


class ArrearsOut(Schema):
    member_id: int
    name: str
    organization_name: str
    last_paid: dt.date | None
    since: dt.date
    unpaid_months: int
    lapse: bool


@router.get(
    "/dues/arrears", response=list[ArrearsOut], summary="党费欠缴（连续6个月未交标记lapse）"
)
@requires(caps.VIEW_MEMBER)
def dues_arrears(
    request,
    on: dt.date | None = Query(None, ge=DATE_MIN, le=DATE_MAX, description="默认今天"),  # noqa: B008
):
    return [
        {
            "member_id": r["member"].pk,
            "name": r["member"].person.name,
            "organization_name": r["member"].person.organization.name,
            "last_paid": r["last_paid"],
            "since": r["since"],
            "unpaid_months": r["unpaid_months"],
            "lapse": r["lapse"],
        }
        for r in selectors.dues_arrears(on or dt.date.today())
    ]


class ComplianceItemOut(Schema):
    kind: str
    period: str
    required: int
    done: int
    missing: list[str]


class ComplianceOut(Schema):
    organization_id: int
    organization_name: str
    required: int
    done: int
    rate: float
    items: list[ComplianceItemOut]


@router.get(
    "/compliance",
    response=list[ComplianceOut],
    summary="组织生活落实情况（年度，或指定季度、月份）",
)
@requires(caps.VIEW_MEMBER)
def compliance(
    request,
    year: int = Query(..., ge=YEAR_MIN, le=YEAR_MAX, description="年度"),
    quarter: int | None = Query(None, ge=1, le=4, description="季度，1至4"),
    month: int | None = Query(None, ge=1, le=12, description="月份，1至12"),
):
    if month:
        start = dt.date(year, month, 1)
        end = rules.add_months(start, 1) - dt.timedelta(days=1)
    elif quarter:
        start = dt.date(year, (quarter - 1) * 3 + 1, 1)
        end = rules.add_months(start, 3) - dt.timedelta(days=1)
    else:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return [
        {
            "organization_id": r["organization"].pk,
            "organization_name": r["organization"].name,
            "required": r["required"],
            "done": r["done"],
            "rate": r["rate"],
            "items": r["items"],
        }
        for r in selectors.compliance(start, end)
    ]


class DueOut(Schema):
    label: str
    due: dt.date | None
    overdue: bool
    earliest: dt.date | None


class LateOut(Schema):
    code: str
    label: str
    occurred_on: dt.date = Field(description="记录的环节日期")
    deadline: dt.date = Field(description="应完成的期限")
    days: int = Field(description="超期天数")
    source: str


class BoardCaseOut(Schema):
    case_id: int
    name: str
    organization_name: str
    stage: str
    overdue: bool
    due: list[DueOut]
    late: list[LateOut] = Field(description="超过期限才记录的环节")


@router.get(
    "/development/board",
    response=list[BoardCaseOut],
    summary="发展党员看板：各阶段人员及下一步期限",
)
@requires(caps.VIEW_MEMBER)
def development_board(request):
    board = selectors.development_board(dt.date.today())
    return [
        {
            "case_id": r["case"].pk,
            "name": r["case"].person.name,
            "organization_name": r["case"].person.organization.name,
            "stage": stage,
            "overdue": r["overdue"],
            "due": [d.__dict__ for d in r["due"]],
            "late": [late.__dict__ for late in r["late"]],
        }
        for stage, rows in board.items()
        for r in rows
    ]


class CountOut(Schema):
    label: str
    count: int


class CockpitOut(Schema):
    """Each breakdown is a list of {label, count} in display order (a list of pairs
    would be a tuple schema, which OpenAPI 3.1 tools do not all read)."""

    members: int
    probationary: int
    by_age: list[CountOut]
    by_gender: list[CountOut]
    by_education: list[CountOut]
    by_standing: list[CountOut]
    organizations_by_kind: dict[str, int]


BREAKDOWNS = ("by_age", "by_gender", "by_education", "by_standing")


@router.get(
    "/cockpit",
    response=CockpitOut,
    summary="驾驶舱数据：党员年龄、性别、学历、党龄结构，党组织类型",
)
@requires(caps.VIEW_MEMBER)
def cockpit(request):
    figures = selectors.cockpit_figures(dt.date.today())
    for key in BREAKDOWNS:
        figures[key] = [{"label": label, "count": count} for label, count in figures[key]]
    return figures


class MeetingIn(Schema):
    model_config = {"extra": "forbid"}
    organization_id: int
    kind: str = Field(..., max_length=32)
    held_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    topic: str = Field(..., max_length=200)
    host: str = Field("", max_length=50)
    minutes: str = ""
    absent: dict[int, str] = Field(
        default_factory=dict, description="缺席人员：人员编号 → 缺席原因"
    )


class MeetingOut(Schema):
    id: int
    organization_id: int
    kind: str
    held_on: dt.date
    topic: str


@router.post(
    "/meetings",
    response={201: MeetingOut},
    summary="记录组织生活（未列入缺席的本组织党员记为出席）",
)
@requires(caps.CHANGE_MEMBER)
def create_meeting(request, payload: MeetingIn):
    from zugong.party.services import meetings as meeting_services

    organization = get_scoped_or_404(Organization, pk=payload.organization_id)
    data = payload.model_dump(exclude={"organization_id"})
    return Status(
        201, meeting_services.meeting_record(actor=request.user, organization=organization, **data)
    )


class PaymentIn(Schema):
    model_config = {"extra": "forbid"}
    member_id: int
    month: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX, description="所交月份（取该月）")
    paid_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    amount: str | None = Field(
        None, max_length=20, description="不填则按核定基数计算；农民党员超过1元的部分记为自愿多交"
    )
    backpay_reason: str = Field(
        "", max_length=200, description="超期补交原因：补交超过6个月的党费时必填"
    )


class PaymentOut(Schema):
    id: int
    member_id: int
    month: dt.date
    due: str
    amount: str
    extra: str = Field(description="其中自愿多交（元）")
    to_central: bool
    paid_on: dt.date
    backpay_reason: str
    warnings: list[str] = Field(description="按规定可以接受但须注意的情况，如超期补交")


@router.post("/dues/payments", response={201: PaymentOut}, summary="登记党费交纳")
@requires(caps.CHANGE_MEMBER)
def pay_dues(request, payload: PaymentIn):
    from zugong.party.services import dues as dues_services

    member = get_scoped_or_404(
        Member.objects.select_related("person__organization"), pk=payload.member_id
    )
    payment = dues_services.dues_pay(
        actor=request.user,
        member=member,
        month=payload.month,
        paid_on=payload.paid_on,
        amount=payload.amount,
        backpay_reason=payload.backpay_reason,
    )
    return Status(
        201,
        {
            "id": payment.pk,
            "member_id": member.pk,
            "month": payment.month,
            "due": str(payment.due),
            "amount": str(payment.amount),
            "extra": str(payment.extra),
            "to_central": payment.to_central,
            "paid_on": payment.paid_on,
            "backpay_reason": payment.backpay_reason,
            "warnings": payment.warnings,
        },
    )


class IncomeIn(Schema):
    model_config = {"extra": "forbid"}
    member_id: int
    month: dt.date = Field(
        ..., ge=DATE_MIN, le=DATE_MAX, description="起始月份（取该月；按季度登记取该季度）"
    )
    period: int = Field(1, description="1 月度，3 季度")
    amount: str = Field(..., max_length=20, description="该月（或该季度合计）的纯收入（元）")
    note: str = Field("", max_length=200)


class IncomeOut(Schema):
    id: int
    member_id: int
    month: dt.date
    period: int
    amount: str


@router.post(
    "/dues/incomes",
    response={201: IncomeOut},
    summary="登记党员收入（无固定工资收入的党员按上季度月平均纯收入交纳党费）",
)
@requires(caps.CHANGE_MEMBER)
def record_income(request, payload: IncomeIn):
    from zugong.party.services import dues as dues_services

    member = get_scoped_or_404(
        Member.objects.select_related("person__organization"), pk=payload.member_id
    )
    income = dues_services.dues_income_record(
        actor=request.user,
        member=member,
        month=payload.month,
        period=payload.period,
        amount=payload.amount,
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": income.pk,
            "member_id": member.pk,
            "month": income.month,
            "period": income.period,
            "amount": str(income.amount),
        },
    )


class StepIn(Schema):
    model_config = {"extra": "forbid"}
    step: str = Field(..., max_length=24)
    occurred_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    details: dict = Field(default_factory=dict)
    note: str = Field("", max_length=200)


class StepOut(Schema):
    id: int
    step: str
    occurred_on: dt.date
    stage: str


@router.post("/development/{case_id}/steps", response={201: StepOut}, summary="记录发展党员环节")
@requires(caps.CHANGE_MEMBER)
def record_step(request, case_id: int, payload: StepIn):
    from zugong.party.models import DevelopmentCase
    from zugong.party.services import development as development_services

    case = get_scoped_or_404(
        DevelopmentCase.objects.select_related("person__organization"), pk=case_id
    )
    step = development_services.development_step(
        actor=request.user, case=case, **payload.model_dump()
    )
    return Status(
        201,
        {
            "id": step.pk,
            "step": step.step,
            "occurred_on": step.occurred_on,
            "stage": case.stage,
        },
    )


# Transfers, study, honours, visits, major matters -----------------------------------------


class TransferOut(Schema):
    id: int
    member_id: int
    name: str
    kind: str
    from_organization: str | None
    to_organization: str | None
    outside_organization: str
    letter_no: str
    issued_on: dt.date
    status: str
    received_on: dt.date | None

    @staticmethod
    def resolve_name(obj):
        return obj.member.person.name

    @staticmethod
    def resolve_from_organization(obj):
        return obj.from_organization.name if obj.from_organization else None

    @staticmethod
    def resolve_to_organization(obj):
        return obj.to_organization.name if obj.to_organization else None


class TransferIn(Schema):
    model_config = {"extra": "forbid"}
    member_id: int
    letter_no: str = Field(..., max_length=50)
    issued_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)
    to_organization_id: int | None = None
    outside_organization: str = Field("", max_length=200)
    note: str = Field("", max_length=200)


class ReceiveIn(Schema):
    model_config = {"extra": "forbid"}
    received_on: dt.date = Field(..., ge=DATE_MIN, le=DATE_MAX)


@router.get(
    "/transfers", response=list[TransferOut], summary="组织关系转接（转出方和转入方都可见）"
)
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_transfers(request, status: str = ""):
    from zugong.party.models import Transfer

    queryset = Transfer.objects.select_related(
        "member__person", "from_organization", "to_organization"
    )
    return queryset.filter(status=status) if status else queryset


@router.post("/transfers", response={201: TransferOut}, summary="开具组织关系介绍信")
@requires(caps.CHANGE_MEMBER)
def start_transfer(request, payload: TransferIn):
    from zugong.party.services import transfers as transfer_services

    member = get_scoped_or_404(
        Member.objects.select_related("person__organization"), pk=payload.member_id
    )
    target = None
    if payload.to_organization_id:
        # Unscoped on purpose: a member may move to any branch of the district, also one
        # outside the sender's scope; only its name is shown back.
        target = Organization.objects.unscoped().filter(pk=payload.to_organization_id).first()
        if target is None:
            raise Http404
    return Status(
        201,
        transfer_services.transfer_start(
            actor=request.user,
            member=member,
            letter_no=payload.letter_no,
            issued_on=payload.issued_on,
            to_organization=target,
            outside_organization=payload.outside_organization,
            note=payload.note,
        ),
    )


@router.post("/transfers/{transfer_id}/receive", response=TransferOut, summary="确认接收")
@requires(caps.CHANGE_MEMBER)
def receive_transfer(request, transfer_id: int, payload: ReceiveIn):
    from zugong.party.models import Transfer
    from zugong.party.services import transfers as transfer_services

    transfer = get_scoped_or_404(
        Transfer.objects.select_related("member__person", "from_organization", "to_organization"),
        pk=transfer_id,
    )
    return transfer_services.transfer_receive(
        actor=request.user, transfer=transfer, received_on=payload.received_on
    )


class StudyOut(Schema):
    id: int
    person_id: int
    kind: str
    title: str
    started_on: dt.date
    ended_on: dt.date
    hours: float


class HonourOut(Schema):
    id: int
    kind: str
    year: int
    person_id: int | None
    organization_id: int | None
    awarded_by: str
    document_no: str


class VisitOut(Schema):
    id: int
    person_id: int
    visitors: str
    visited_on: dt.date
    reason: str
    amount: float


class MajorMatterOut(Schema):
    id: int
    organization_id: int
    reviewer_id: int
    kind: str
    title: str
    submitted_on: dt.date
    due_on: dt.date
    status: str
    comments: str


@router.get("/study", response=list[StudyOut], summary="学习培训记录")
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_study(
    request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度")
):
    from zugong.party.models import StudyRecord

    queryset = StudyRecord.objects.all()
    return queryset.filter(started_on__year=year) if year else queryset


@router.get("/honours", response=list[HonourOut], summary="表彰")
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_honours(
    request, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX, description="年度")
):
    from zugong.party.models import Honour

    queryset = Honour.objects.all()
    return queryset.filter(year=year) if year else queryset


@router.get("/visits", response=list[VisitOut], summary="走访慰问")
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_visits(request):
    from zugong.party.models import Visit

    return Visit.objects.all()


@router.get(
    "/major-matters",
    response=list[MajorMatterOut],
    summary="重大事项请示报告（报送方和审核方都可见）",
)
@requires(caps.VIEW_MEMBER)
@paginate(Pagination)
def list_major_matters(request, status: str = ""):
    from zugong.party.models import MajorMatterReport

    queryset = MajorMatterReport.objects.all()
    return queryset.filter(status=status) if status else queryset


class CancelIn(Schema):
    model_config = {"extra": "forbid"}
    reason: str


@router.post(
    "/transfers/{transfer_id}/cancel", response=TransferOut, summary="撤回或退回组织关系转接"
)
@requires(caps.CHANGE_MEMBER)
def cancel_transfer(request, transfer_id: int, payload: CancelIn):
    from zugong.party.models import Transfer
    from zugong.party.services import transfers as transfer_services

    transfer = get_scoped_or_404(
        Transfer.objects.select_related("member__person", "from_organization", "to_organization"),
        pk=transfer_id,
    )
    return transfer_services.transfer_cancel(
        actor=request.user, transfer=transfer, reason=payload.reason
    )


class GradesIn(Schema):
    model_config = {"extra": "forbid"}
    grades: dict[int, str] = Field(
        ..., description="党员编号 → 等次（excellent、qualified、basically_qualified、unqualified）"
    )


class GradesOut(Schema):
    meeting_id: int
    graded: int
    excellent: int


@router.post(
    "/meetings/{meeting_id}/grades",
    response=GradesOut,
    summary="评定民主评议等次（优秀不超过三分之一）",
)
@requires(caps.CHANGE_MEMBER)
def grade_review(request, meeting_id: int, payload: GradesIn):
    from zugong.party.models import Meeting
    from zugong.party.services import meetings as meeting_services

    meeting = get_scoped_or_404(Meeting.objects.select_related("organization"), pk=meeting_id)
    reviews = meeting_services.review_grade(
        actor=request.user, meeting=meeting, grades=payload.grades
    )
    return {
        "meeting_id": meeting.pk,
        "graded": len(reviews),
        "excellent": sum(1 for review in reviews if review.grade == "excellent"),
    }
