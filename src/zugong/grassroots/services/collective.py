"""The village collective economy ledger (村级集体经济): profiles, monthly income,
contracts with their receipt schedules, support projects, disclosures and first
secretaries. Every write is authorized, checked, audited (COLLECTIVE_SAVED) and atomic;
a refusal names the field in Chinese."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core import changes as changes_module
from zugong.core.errors import ApplicationError
from zugong.core.models import Organization, OrgCategory, OrgKind, Person
from zugong.core.services.access import authorize
from zugong.grassroots import capabilities as caps
from zugong.grassroots.models.collective import (
    CollectiveContract,
    CollectiveIncome,
    CollectiveProfile,
    ContractReceipt,
    Disclosure,
    FirstSecretary,
    IncomeSource,
    SupportProject,
)
from zugong.grassroots.rules import collective as rules


def money(value, *, field: str, label, required: bool = True) -> Decimal | None:
    """An amount in yuan, not negative, at most two decimals."""
    if value is None or value == "":
        if required:
            raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ApplicationError(_("%(l)s不是有效的金额") % {"l": label}, field=field) from None
    if not amount.is_finite():
        raise ApplicationError(_("%(l)s不是有效的金额") % {"l": label}, field=field)
    if amount < 0:
        raise ApplicationError(_("%(l)s不能为负") % {"l": label}, field=field)
    if amount != amount.quantize(Decimal("0.01")) or amount >= Decimal("1e12"):
        raise ApplicationError(_("%(l)s最多两位小数且不超过1万亿元") % {"l": label}, field=field)
    return amount


def text(value, *, field: str, label, required: bool = True, max_length: int = 100) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=field)
    if len(value) > max_length:
        raise ApplicationError(
            _("%(l)s不能超过%(n)d个字") % {"l": label, "n": max_length}, field=field
        )
    return value


def village(org: Organization | None, field: str = "organization") -> Organization:
    if org is None:
        raise ApplicationError(_("请选择村党组织"), field=field)
    if org.category != OrgCategory.VILLAGE:
        raise ApplicationError(
            _("“%(o)s”不是村党组织（集体经济台账只登记村）") % {"o": org.name}, field=field
        )
    if org.parent is None or org.parent.kind != OrgKind.TOWNSHIP:
        # A general branch's own branches share the village's one collective economy.
        raise ApplicationError(
            _("“%(o)s”不是乡镇直属的村党组织，请选择该村的村党组织") % {"o": org.name},
            field=field,
        )
    return org


def _year(value, field: str = "year") -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ApplicationError(_("年度不正确"), field=field) from None
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("年度应在2000至2100之间"), field=field)
    return year


def _source(value, field: str = "source") -> str:
    if value not in IncomeSource.values:
        raise ApplicationError(_("请选择收入来源"), field=field)
    return value


def _authorized_village(actor, org, field="organization") -> Organization:
    village(org, field)
    authorize(actor, caps.CHANGE_GRASSROOTS, org)
    return org


# Profiles ------------------------------------------------------------------------------


@transaction.atomic
def profile_save(
    *, actor, organization, cooperative: str, credit_code: str = "", busy: bool = False
) -> CollectiveProfile:
    _authorized_village(actor, organization)
    code = (credit_code or "").strip().upper()
    if code and len(code) != 18:
        raise ApplicationError(_("统一社会信用代码应为18位"), field="credit_code")
    profile, _created = CollectiveProfile.objects.update_or_create(
        organization=organization,
        defaults={
            "cooperative": text(cooperative, field="cooperative", label=_("集体经济组织名称")),
            "credit_code": code,
            "busy": bool(busy),
        },
    )
    audit.log_action(
        caps.COLLECTIVE_SAVED,
        obj=profile,
        actor=actor,
        changes={"cooperative": profile.cooperative, "busy": profile.busy},
    )
    return profile


# Income --------------------------------------------------------------------------------


def check_income_values(
    *, organization, year, month, source, amount, today: dt.date
) -> tuple[int, int, str, Decimal]:
    """The entry's values checked (the import calls this per row)."""
    village(organization)
    year = _year(year)
    try:
        month = int(month)
    except (TypeError, ValueError):
        raise ApplicationError(_("月份应为1至12"), field="month") from None
    source = _source(source)
    amount = money(amount, field="amount", label=_("收入金额"))
    rules.check_income(amount, month, year, today)
    return year, month, source, amount


@transaction.atomic
def income_record(
    *,
    actor,
    organization,
    year,
    month,
    source,
    amount,
    voucher: str = "",
    note: str = "",
    contract: CollectiveContract | None = None,
    today: dt.date | None = None,
    batch: str = "",
) -> CollectiveIncome:
    today = today or dt.date.today()
    year, month, source, amount = check_income_values(
        organization=organization,
        year=year,
        month=month,
        source=source,
        amount=amount,
        today=today,
    )
    authorize(actor, caps.CHANGE_GRASSROOTS, organization)
    if contract is not None and contract.organization_id != organization.pk:
        raise ApplicationError(_("所选合同不属于该村"), field="contract")
    income = CollectiveIncome.objects.create(
        organization=organization,
        year=year,
        month=month,
        source=source,
        amount=amount,
        contract=contract,
        voucher=text(voucher, field="voucher", label=_("凭证号"), required=False, max_length=40),
        note=text(note, field="note", label=_("摘要"), required=False, max_length=200),
        batch=batch,
    )
    if not batch:
        audit.log_action(
            caps.COLLECTIVE_SAVED,
            obj=income,
            actor=actor,
            changes={"year": year, "month": month, "source": source, "amount": str(amount)},
        )
        # The income tier the cockpit counts (an import tells once, for all its rows).
        changes_module.organizations_changed([income.organization_id])
    return income


# Contracts -----------------------------------------------------------------------------


def check_contract_values(data: dict) -> dict:
    """A contract's values checked and cleaned (the form, the API and the import)."""
    values = {
        "code": text(data.get("code"), field="code", label=_("合同编号"), max_length=40),
        "counterparty": text(data.get("counterparty"), field="counterparty", label=_("合同相对方")),
        "subject": text(data.get("subject"), field="subject", label=_("合同标的"), max_length=200),
        "source": _source(data.get("source")),
    }
    for name, label in (
        ("signed_on", _("签订日期")),
        ("starts_on", _("起始日期")),
        ("ends_on", _("终止日期")),
    ):
        if not isinstance(data.get(name), dt.date):
            raise ApplicationError(_("请填写%(l)s") % {"l": label}, field=name)
        values[name] = data[name]
    if values["ends_on"] < values["starts_on"]:
        raise ApplicationError(
            _("终止日期（%(e)s）早于起始日期（%(s)s）")
            % {"e": values["ends_on"].isoformat(), "s": values["starts_on"].isoformat()},
            field="ends_on",
        )
    if values["signed_on"] > values["ends_on"]:
        raise ApplicationError(_("签订日期晚于终止日期"), field="signed_on")
    values["amount"] = money(data.get("amount"), field="amount", label=_("合同总金额"))
    values["deposit"] = money(
        data.get("deposit") or 0, field="deposit", label=_("保证金"), required=False
    )
    return values


def check_receipt(contract_values: dict, due_on, amount, field_prefix: str = "") -> tuple:
    if not isinstance(due_on, dt.date):
        raise ApplicationError(_("请填写应收日期"), field=f"{field_prefix}due_on")
    amount = money(amount, field=f"{field_prefix}amount", label=_("应收金额"))
    return due_on, amount


@transaction.atomic
def contract_save(
    *,
    actor,
    organization,
    contract: CollectiveContract | None = None,
    receipts: list[tuple[dt.date, Decimal]] | None = None,
    batch: str = "",
    **data,
) -> CollectiveContract:
    """Create or change a contract; ``receipts`` (due day, amount) replaces the unpaid
    part of its schedule when given."""
    if contract is not None:
        organization = contract.organization
    _authorized_village(actor, organization)
    values = check_contract_values(data)
    duplicate = CollectiveContract.objects.filter(organization=organization, code=values["code"])
    if contract is not None:
        duplicate = duplicate.exclude(pk=contract.pk)
    if duplicate.exists():
        raise ApplicationError(_("该村已有合同编号“%(c)s”") % {"c": values["code"]}, field="code")
    if contract is None:
        contract = CollectiveContract.objects.create(
            organization=organization, batch=batch, **values
        )
    else:
        for key, value in values.items():
            setattr(contract, key, value)
        contract.save()
    if receipts is not None:
        contract.receipts.filter(received_on__isnull=True).delete()
        for due_on, amount in receipts:
            due_on, amount = check_receipt(values, due_on, amount)
            ContractReceipt.objects.create(contract=contract, due_on=due_on, amount=amount)
    if not batch:
        audit.log_action(
            caps.COLLECTIVE_SAVED,
            obj=contract,
            actor=actor,
            changes={
                "code": contract.code,
                "counterparty": contract.counterparty,
                "amount": str(contract.amount),
                "ends_on": contract.ends_on.isoformat(),
                "receipts": len(receipts or []),
            },
        )
    return contract


@transaction.atomic
def receipt_add(*, actor, contract: CollectiveContract, due_on, amount) -> ContractReceipt:
    authorize(actor, caps.CHANGE_GRASSROOTS, contract.organization)
    due_on, amount = check_receipt({}, due_on, amount)
    receipt = ContractReceipt.objects.create(contract=contract, due_on=due_on, amount=amount)
    audit.log_action(
        caps.COLLECTIVE_SAVED,
        obj=contract,
        actor=actor,
        changes={"receipt_due_on": due_on.isoformat(), "receipt_amount": str(amount)},
    )
    return receipt


@transaction.atomic
def receipt_record(
    *,
    actor,
    receipt: ContractReceipt,
    received_on: dt.date,
    received_amount,
    record_income: bool = True,
    today: dt.date | None = None,
) -> ContractReceipt:
    """Record an instalment as received; with ``record_income`` the money enters the
    ledger as the contract's income of that month."""
    today = today or dt.date.today()
    contract = receipt.contract
    authorize(actor, caps.CHANGE_GRASSROOTS, contract.organization)
    if not isinstance(received_on, dt.date):
        raise ApplicationError(_("请填写实收日期"), field="received_on")
    if received_on > today:
        raise ApplicationError(_("实收日期不能晚于今天"), field="received_on")
    if receipt.received_on is not None:
        raise ApplicationError(_("该笔已登记收款"), field="received_on")
    amount = money(received_amount, field="received_amount", label=_("实收金额"))
    receipt.received_on, receipt.received_amount = received_on, amount
    receipt.save(update_fields=["received_on", "received_amount"])
    if record_income and amount:
        income_record(
            actor=actor,
            organization=contract.organization,
            year=received_on.year,
            month=received_on.month,
            source=contract.source,
            amount=amount,
            contract=contract,
            note=_("合同%(c)s收款") % {"c": contract.code},
            today=today,
        )
    audit.log_action(
        caps.COLLECTIVE_SAVED,
        obj=contract,
        actor=actor,
        changes={"received_on": received_on.isoformat(), "received_amount": str(amount)},
    )
    return receipt


# Support projects, disclosures ----------------------------------------------------------


@transaction.atomic
def project_save(*, actor, organization, project: SupportProject | None = None, **data):
    if project is not None:
        organization = project.organization
    _authorized_village(actor, organization)
    values = {
        "year": _year(data.get("year")),
        "name": text(data.get("name"), field="name", label=_("项目名称")),
        "subsidy": money(data.get("subsidy"), field="subsidy", label=_("扶持资金")),
        "expected_return": money(
            data.get("expected_return") or 0, field="expected_return", label=_("预期年收益")
        ),
        "actual_return": money(
            data.get("actual_return"),
            field="actual_return",
            label=_("实际年收益"),
            required=False,
        ),
        "started_on": data.get("started_on"),
        "note": (data.get("note") or "").strip(),
    }
    if project is None:
        project = SupportProject.objects.create(organization=organization, **values)
    else:
        for key, value in values.items():
            setattr(project, key, value)
        project.save()
    audit.log_action(
        caps.COLLECTIVE_SAVED,
        obj=project,
        actor=actor,
        changes={"name": project.name, "subsidy": str(project.subsidy)},
    )
    return project


def _period(value: str) -> str:
    value = (value or "").strip().upper()
    if value in ("Q1", "Q2", "Q3", "Q4"):
        return value
    if value.isdigit() and 1 <= int(value) <= 12:
        return f"{int(value):02d}"
    raise ApplicationError(_("公开期间应为Q1至Q4或01至12"), field="period")


@transaction.atomic
def disclosure_record(
    *,
    actor,
    organization,
    year,
    period,
    disclosed_on,
    kind=Disclosure.Kind.REGULAR,
    summary: str = "",
    today: dt.date | None = None,
) -> Disclosure:
    today = today or dt.date.today()
    _authorized_village(actor, organization)
    if kind not in Disclosure.Kind.values:
        raise ApplicationError(_("请选择公开类型"), field="kind")
    if not isinstance(disclosed_on, dt.date):
        raise ApplicationError(_("请填写公开日期"), field="disclosed_on")
    if disclosed_on > today:
        raise ApplicationError(_("公开日期不能晚于今天"), field="disclosed_on")
    disclosure = Disclosure.objects.create(
        organization=organization,
        year=_year(year),
        period=_period(str(period)),
        kind=kind,
        disclosed_on=disclosed_on,
        summary=text(summary, field="summary", label=_("公开内容"), required=False, max_length=200),
    )
    audit.log_action(
        caps.COLLECTIVE_SAVED,
        obj=disclosure,
        actor=actor,
        changes={"year": disclosure.year, "period": disclosure.period},
    )
    return disclosure


# First secretaries ----------------------------------------------------------------------


@transaction.atomic
def first_secretary_assign(
    *,
    actor,
    organization,
    person: Person | None,
    from_unit: str,
    started_on,
    ends_on=None,
    reason: str = "",
) -> FirstSecretary:
    _authorized_village(actor, organization)
    if person is None:
        raise ApplicationError(_("请选择第一书记人选"), field="person")
    if not isinstance(started_on, dt.date):
        raise ApplicationError(_("请填写到村日期"), field="started_on")
    if ends_on is not None and ends_on <= started_on:
        raise ApplicationError(_("任期届满日期应晚于到村日期"), field="ends_on")
    if FirstSecretary.objects.filter(organization=organization, left_on__isnull=True).exists():
        raise ApplicationError(_("该村已有在任第一书记，请先登记其离任"), field="organization")
    secretary = FirstSecretary.objects.create(
        organization=organization,
        person=person,
        from_unit=text(from_unit, field="from_unit", label=_("派出单位")),
        started_on=started_on,
        ends_on=ends_on,
        reason=text(reason, field="reason", label=_("选派原因"), required=False),
    )
    audit.log_action(
        caps.COLLECTIVE_SAVED,
        obj=secretary,
        actor=actor,
        changes={"person": person.name, "from_unit": secretary.from_unit},
    )
    return secretary


@transaction.atomic
def first_secretary_leave(*, actor, secretary: FirstSecretary, left_on) -> FirstSecretary:
    authorize(actor, caps.CHANGE_GRASSROOTS, secretary.organization)
    if not isinstance(left_on, dt.date) or left_on < secretary.started_on:
        raise ApplicationError(_("离任日期应不早于到村日期"), field="left_on")
    secretary.left_on = left_on
    secretary.save(update_fields=["left_on"])
    audit.log_action(
        caps.COLLECTIVE_SAVED, obj=secretary, actor=actor, changes={"left_on": left_on.isoformat()}
    )
    return secretary
