"""Users, roles as named capabilities, and the organization subtrees they apply to."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    password_changed_at = models.DateTimeField(
        _("密码修改时间"), null=True, blank=True, editable=False
    )
    # Set when an administrator chose the password (a new account, a reset): the user
    # must replace it with one only they know before going on (ZUGONG_PASSWORD_RESET_FORCES_CHANGE).
    password_must_change = models.BooleanField(
        _("下次登录须修改密码"), default=False, editable=False
    )
    # The person this account belongs to, for the "own records" kind of capability
    # (a talent on the portal reads and changes the rows of this person only).
    person = models.OneToOneField(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
        verbose_name=_("本人档案"),
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        ordering = ["username"]

    def __str__(self) -> str:
        return f"{self.full_name}（{self.username}）" if self.full_name else self.username

    def get_full_name(self) -> str:
        """The person's name as users read it (姓名), the login name when none is kept."""
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.get_full_name()

    def save(self, *args, **kwargs):
        # set_password() keeps the new raw password in _password until the save; a hash
        # upgrade on login clears it first, so only a real change stamps the time. This
        # covers the services and Django's own password change form; a new user's
        # password (create_user hashes it directly) counts from the user's creation.
        if self._password is not None or (self._state.adding and not self.password_changed_at):
            self.password_changed_at = timezone.now()
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "password" in update_fields:
                kwargs["update_fields"] = {*update_fields, "password_changed_at"}
        super().save(*args, **kwargs)


class TwoFactor(models.TextChoices):
    REQUIRED = "required", _("必须启用")
    OPTIONAL = "optional", _("可选")


class Role(models.Model):
    code = models.SlugField(_("角色代码"), max_length=50, unique=True)
    name = models.CharField(_("角色名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    capabilities = models.JSONField(_("权限"), default=list, blank=True)
    is_builtin = models.BooleanField(_("内置"), default=False, editable=False)
    two_factor = models.CharField(
        _("双因素认证"),
        max_length=10,
        choices=TwoFactor.choices,
        default=TwoFactor.OPTIONAL,
        help_text=_("“必须启用”的角色在生产环境中须绑定动态验证码后才能使用系统"),
    )

    class Meta:
        verbose_name = _("角色")
        verbose_name_plural = _("角色")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """A role held over one organization subtree. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("用户"),
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("角色")
    )
    organization = models.ForeignKey(
        "core.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("数据范围（组织及下级）"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("授权人"),
    )
    granted_at = models.DateTimeField(_("授权时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("角色授权")
        verbose_name_plural = _("角色授权")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.role} · {self.organization}"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SM3 digest is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("用户"),
    )
    name = models.CharField(_("用途"), max_length=100)
    prefix = models.CharField(_("前缀"), max_length=8, editable=False)
    digest = models.CharField(_("摘要"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"))
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("吊销时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"
