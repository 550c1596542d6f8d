"""Editing the cadre record's own tables in the browser: education, résumé, family
members, rewards and punishments (one page per table, every row at once) and the
appointment form. The tabs of the cadre page stay as they are; these detail actions
are offered only to those who may change cadres of the cadre's unit."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from unfold.widgets import (
    UnfoldAdminSelectWidget,
    UnfoldAdminSingleDateWidget,
    UnfoldAdminTextareaWidget,
    UnfoldAdminTextInputWidget,
)

from zugong.cadres import capabilities as caps
from zugong.cadres.admin.base import cadre_or_404
from zugong.cadres.models import AppointmentForm, ResumeEntry
from zugong.cadres.services import record_tables
from zugong.core.admin.base import action, form_action
from zugong.core.errors import ApplicationError

MONTH_FORMATS = ["%Y.%m", "%Y-%m", "%Y%m", "%Y/%m", "%Y年%m月", "%Y-%m-%d", "%Y.%m.%d"]


class MonthInput(UnfoldAdminTextInputWidget):
    def format_value(self, value):
        if isinstance(value, dt.date):
            return f"{value:%Y.%m}"
        return super().format_value(value)


class MonthField(forms.DateField):
    """A résumé month, written as on the form: 2007.07 (also 2007-07, 200707)."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            MonthInput(attrs={"placeholder": "2007.07"}),
        )
        super().__init__(input_formats=MONTH_FORMATS, **kwargs)

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if day else day


def _formfield(model_field: models.Field, **kwargs):
    if isinstance(model_field, models.DateField) and model_field.model is ResumeEntry:
        example = _("至今留空") if model_field.blank else "2007.07"
        return MonthField(
            label=model_field.verbose_name,
            required=not model_field.blank,
            widget=MonthInput(attrs={"placeholder": example}),
        )
    if model_field.choices:
        kwargs["widget"] = UnfoldAdminSelectWidget
    elif isinstance(model_field, models.BooleanField):
        kwargs["widget"] = forms.CheckboxInput(attrs={"class": "zg-checkbox"})
    elif isinstance(model_field, models.DateField):
        kwargs["widget"] = UnfoldAdminSingleDateWidget
    elif isinstance(model_field, models.TextField):
        kwargs["widget"] = UnfoldAdminTextareaWidget(attrs={"rows": 2})
    else:
        kwargs["widget"] = UnfoldAdminTextInputWidget
    field = model_field.formfield(**kwargs)
    if model_field.choices:
        # Django's blank choice reads "- Select an option -".
        field.choices = [("", _("请选择")), *[c for c in field.choices if c[0] != ""]]
    return field


def row_form(table: str) -> type[forms.Form]:
    spec = record_tables.TABLES[table]
    fields = {name: _formfield(spec.model._meta.get_field(name)) for name in spec.fields}
    fields["id"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
    return type(f"{spec.model.__name__}RowForm", (forms.Form,), fields)


def _initial(obj, table: str) -> dict:
    spec = record_tables.TABLES[table]
    row = {name: getattr(obj, name) for name in spec.fields}
    if table == "family" and len(obj.birth_month) >= 6:
        row["birth_month"] = f"{obj.birth_month[:4]}.{obj.birth_month[4:6]}"
    return {"id": obj.pk, **row}


# The cadre page's tab of each table (Unfold names a tab after the inline's prefix).
TABS = {"education": "educations", "resume": "resume", "family": "family", "rewards": "rewards"}

TABLE_INTROS = {
    "education": _(
        "全日制教育和在职教育各填最高学历学位；学历代码按GB/T 4658，留空时按学历名称自动确定。"
    ),
    "resume": _(
        "每段填起止年月（如2007.07）和单位及职务，至今的一段截止年月留空。"
        "与导入任免审批表的检查相同：时间重叠、截止早于起始、中间一段没有截止年月的不能保存；"
        "断档和三龄两历审核发现的问题保存后提示。"
    ),
    "family": _("出生年月写作1974.08或197408；已去世的在工作单位及职务栏注明。"),
    "rewards": _("奖励填嘉奖、记三等功等，惩处填处分名称；时间不能晚于今天。"),
}


class RecordEditing:
    """Mixed into the cadre admin: the detail actions that edit the record's tables."""

    EXTRA_ROWS = 3

    def _edit_table(self, request, object_id, table: str):
        cadre = cadre_or_404(object_id)
        self._require_change(request, cadre)
        spec = record_tables.TABLES[table]
        FormSet = forms.formset_factory(row_form(table), extra=self.EXTRA_ROWS, can_delete=True)
        rows = list(spec.model.objects.filter(cadre=cadre))
        formset = FormSet(
            request.POST or None, initial=[_initial(o, table) for o in rows], prefix=table
        )
        errors: list[str] = []
        if request.method == "POST" and formset.is_valid():
            kept, deleted = [], []
            for form in formset.forms:
                data = form.cleaned_data
                if not data or (not data.get("id") and not form.has_changed()):
                    continue
                if data.get("DELETE"):
                    if data.get("id"):
                        # Listed too, so the service's row numbers are the page's.
                        deleted.append(data["id"])
                        kept.append({"id": data["id"]})
                    continue
                kept.append({k: v for k, v in data.items() if k != "DELETE"})
            try:
                warnings = record_tables.table_save(
                    actor=request.user, cadre=cadre, table=table, rows=kept, deleted=deleted
                )
            except ApplicationError as error:
                errors = [d["message"] for d in error.details] or [error.message]
            else:
                messages.success(request, _("已保存%(t)s") % {"t": spec.label})
                for warning in warnings:
                    messages.warning(request, warning)
                return redirect(self._back(cadre, tab=TABS[table]))
        context = self._context(
            request,
            _("%(t)s：%(n)s") % {"t": spec.label, "n": cadre.person.name},
            cadre=cadre,
            formset=formset,
            errors=errors,
            intro=TABLE_INTROS[table],
            back=self._back(cadre),
            media=self.media + formset.media,
        )
        return TemplateResponse(request, "cadres/admin/table_edit.html", context)

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("学历学位"),
        url_path="education",
        icon="school",
    )
    def edit_education(self, request, object_id):
        return self._edit_table(request, object_id, "education")

    @action(capability=caps.CHANGE_CADRE, description=_("简历"), url_path="resume", icon="history")
    def edit_resume(self, request, object_id):
        return self._edit_table(request, object_id, "resume")

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("家庭成员及重要社会关系"),
        url_path="family",
        icon="family_restroom",
    )
    def edit_family(self, request, object_id):
        return self._edit_table(request, object_id, "family")

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("奖惩情况"),
        url_path="rewards",
        icon="military_tech",
    )
    def edit_rewards(self, request, object_id):
        return self._edit_table(request, object_id, "rewards")

    @action(
        capability=caps.CHANGE_CADRE,
        description=_("拟任拟免及任免理由"),
        url_path="appointment-form",
        icon="edit_document",
    )
    def edit_appointment_form(self, request, object_id):
        cadre = cadre_or_404(object_id)
        self._require_change(request, cadre)
        current = AppointmentForm.objects.filter(cadre=cadre).first()
        fields = {
            name: _formfield(AppointmentForm._meta.get_field(name))
            for name in record_tables.FORM_FIELDS
        }
        FormClass = type("AppointmentFormForm", (forms.Form,), fields)
        initial = (
            {name: getattr(current, name) for name in record_tables.FORM_FIELDS} if current else {}
        )
        return form_action(
            self,
            request,
            obj=cadre,
            form=FormClass(request.POST or None, initial=initial),
            call=lambda **data: record_tables.appointment_form_save(
                actor=request.user, cadre=cadre, form=current, data=data
            ),
            title=_("任免审批表：%(n)s") % {"n": cadre.person.name},
            done=_("已保存任免审批表"),
            success_url=self._back(cadre, tab="forms"),
            intro=_(
                "打印和导出的任免审批表用这里填写的拟任职务、拟免职务和任免理由；"
                "填表时间、计算年龄时间写作六位年月或八位年月日（如202612、20261202）。"
            ),
        )
