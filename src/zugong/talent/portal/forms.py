"""The portal's forms: plain Django forms, checked again by the services."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from zugong.core import codes
from zugong.core.models.codes import CodeTable


class PortalLoginForm(AuthenticationForm):
    """Only talents' portal accounts sign in here; staff use the back office."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("登录名或密码不正确"),
        "inactive": _("账号尚未开通：人才办审核通过后即可登录"),
        "not_portal": _("此账号不是人才服务平台账号，请到后台登录"),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if self._waiting():
                raise forms.ValidationError(
                    self.error_messages["inactive"], code="inactive"
                ) from None
            raise

    def _waiting(self) -> bool:
        """A registration the talent office has not approved yet, with the right password
        (the backend refuses inactive accounts as a wrong password)."""
        from zugong.core.models import User
        from zugong.talent.models import AccountStatus, PortalAccount

        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        user = User.objects.filter(username=username, is_active=False).first()
        # Unscoped: no one is signed in yet; only the account's own state is read.
        waiting = PortalAccount.objects.unscoped().filter(user=user, status=AccountStatus.PENDING)
        return bool(user and password and waiting.exists() and user.check_password(password))

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        from zugong.talent.models import PortalAccount

        # Unscoped: the signing-in user's own account row, before any scope exists.
        if not PortalAccount.objects.unscoped().filter(user=user).exists():
            raise forms.ValidationError(self.error_messages["not_portal"], code="not_portal")


class RegisterForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("公民身份号码"), max_length=18, min_length=15)
    phone = forms.CharField(label=_("手机号码"), max_length=20)
    township = forms.TypedChoiceField(label=_("所在乡镇（街道）"), coerce=int)
    ethnicity = forms.ChoiceField(label=_("民族"))
    political_status = forms.ChoiceField(label=_("政治面貌"))
    education = forms.ChoiceField(label=_("学历"), required=False)
    username = forms.CharField(
        label=_("登录名"), max_length=30, help_text=_("字母、数字或下划线，登录时使用")
    )
    password1 = forms.CharField(label=_("密码"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("再次输入密码"), widget=forms.PasswordInput)

    def __init__(self, *args, townships=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["township"].choices = [("", _("请选择")), *townships]
        self.fields["ethnicity"].choices = codes.choices(CodeTable.ETHNICITY)
        self.fields["ethnicity"].initial = "01"
        self.fields["political_status"].choices = codes.choices(CodeTable.POLITICAL_STATUS)
        self.fields["political_status"].initial = "13"
        self.fields["education"].choices = [("", _("请选择")), *codes.choices(CodeTable.EDUCATION)]


class ProfileForm(forms.Form):
    contact_consent = forms.BooleanField(label=_("同意人才办和相关单位与我联系"), required=False)
    specialty = forms.CharField(label=_("专长"), max_length=200, required=False)
    tags = forms.MultipleChoiceField(
        label=_("产业与技能标签"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, tag_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"].choices = tag_choices


class CertificationForm(forms.Form):
    category = forms.TypedChoiceField(label=_("人才类别"), coerce=int)
    level = forms.TypedChoiceField(label=_("申报等级"), coerce=int)
    statement = forms.CharField(
        label=_("主要事迹"), widget=forms.Textarea(attrs={"rows": 5}), max_length=2000
    )

    def __init__(self, *args, categories=(), levels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("请选择")), *categories]
        self.fields["level"].choices = [("", _("请选择")), *levels]


class EvidenceForm(forms.Form):
    criterion = forms.TypedChoiceField(label=_("条件"), coerce=int)
    evidence = forms.FileField(label=_("佐证材料"), help_text=_("PDF或图片，不超过20MB"))
    note = forms.CharField(label=_("说明"), max_length=200, required=False)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = criteria


class CardForm(forms.Form):
    tier = forms.TypedChoiceField(label=_("申请类别"), coerce=int)
    contract_until = forms.DateField(
        label=_("劳动（聘用）合同期满"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("人才卡有效期不超过合同期"),
    )
    reason = forms.CharField(
        label=_("申请理由（人才层次、荣誉等）"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )

    def __init__(self, *args, tiers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tier"].choices = [("", _("请选择")), *tiers]


class CardChangeForm(forms.Form):
    item = forms.CharField(
        label=_("变更事项"), max_length=50, help_text=_("如 工作单位、职务、合同期")
    )
    old_value = forms.CharField(label=_("原内容"), max_length=100, required=False)
    new_value = forms.CharField(label=_("新内容"), max_length=100)
    changed_on = forms.DateField(
        label=_("变更日期"), widget=forms.DateInput(attrs={"type": "date"})
    )


class ServiceRequestForm(forms.Form):
    entitlement = forms.TypedChoiceField(label=_("服务事项"), coerce=int)
    content = forms.CharField(
        label=_("需求"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )

    def __init__(self, *args, entitlements=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entitlement"].choices = [("", _("请选择")), *entitlements]


class HousingForm(forms.Form):
    employer = forms.CharField(label=_("工作单位"), max_length=100)
    employer_in_district = forms.BooleanField(
        label=_("工作单位在本区"), required=False, initial=True
    )
    insurance_months = forms.IntegerField(
        label=_("在本区缴纳社保（月）"), min_value=0, max_value=600
    )
    owns_housing = forms.BooleanField(label=_("本人及配偶在本区有自有住房"), required=False)
    household = forms.IntegerField(
        label=_("共同居住人数（含本人）"), min_value=1, max_value=10, initial=1
    )


class PasswordForm(forms.Form):
    old_password = forms.CharField(label=_("当前密码"), widget=forms.PasswordInput)
    password1 = forms.CharField(label=_("新密码"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=_("再次输入新密码"), widget=forms.PasswordInput)
