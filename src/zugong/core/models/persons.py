"""One record per natural person, shared by members, cadres and talents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from zugong.core import pinyin
from zugong.core.scope import ScopedManager


def search_keys(name: str) -> tuple[str, str]:
    """The name's full pinyin and initials (core.pinyin), as kept on the row."""
    return pinyin.full(name)[:200], pinyin.initials(name)[:50]


class PersonManager(ScopedManager):
    """Keeps the search keys on the rows bulk_create writes (save() keeps them on one)."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for person in objs:
            person.fill_search_keys()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if "name" in fields:
            for person in objs:
                person.fill_search_keys()
            fields = [*fields, "name_pinyin", "name_initials"]
        return super().bulk_update(objs, fields, *args, **kwargs)


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    former_name = models.CharField(_("曾用名"), max_length=50, blank=True)
    # Search and order keys kept with the name: full pinyin and initials (core.pinyin).
    name_pinyin = models.CharField(_("姓名拼音"), max_length=200, blank=True, editable=False)
    name_initials = models.CharField(_("姓名首字母"), max_length=50, blank=True, editable=False)
    gender = models.CharField(_("性别"), max_length=1, help_text=_("GB/T 2261.1"))
    birth_date = models.DateField(_("出生日期"))
    ethnicity = models.CharField(_("民族"), max_length=2, help_text=_("GB/T 3304"))
    native_place = models.CharField(_("籍贯"), max_length=50, blank=True)
    education = models.CharField(_("学历"), max_length=2, blank=True, help_text=_("GB/T 4658"))
    political_status = models.CharField(_("政治面貌"), max_length=2, help_text=_("GB/T 4762"))
    # Protected fields: SM4 ciphertext, HMAC-SM3 lookup hash, and the mask shown on screen.
    id_number_encrypted = models.TextField(_("公民身份号码（密文）"), editable=False)
    id_number_hash = models.CharField(
        _("公民身份号码（检索摘要）"), max_length=64, unique=True, editable=False
    )
    id_number_masked = models.CharField(_("公民身份号码"), max_length=18, editable=False)
    phone_encrypted = models.TextField(_("联系电话（密文）"), blank=True, editable=False)
    phone_hash = models.CharField(
        _("联系电话（检索摘要）"), max_length=64, blank=True, db_index=True, editable=False
    )
    phone_masked = models.CharField(_("联系电话"), max_length=20, blank=True, editable=False)
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="persons",
    )
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    job_title = models.CharField(_("职务"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("录入人"),
    )

    objects = PersonManager("organization__path", own="pk")
    # core.bulk.insert_rows / update_rows keep the keys with the name (COPY included).
    BULK_DERIVED = {"name": (("name_pinyin", "name_initials"), search_keys)}

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        # Rosters in pinyin order: the keys sort alike on both engines (the column
        # compares bytewise, COLLATE "C", on PostgreSQL: migration 0009).
        ordering = ["name_pinyin", "id"]
        indexes = [
            models.Index(fields=["name_pinyin", "id"], name="person_pinyin"),
            models.Index(fields=["name_initials", "name_pinyin"], name="person_initials"),
            # Names starting with a character, in pinyin order (core.search's prefix
            # tier): the pinyin index alone walks every name of the reading (李 "li"
            # runs through 梁 "liang" and 刘 "liu").
            models.Index(
                Substr("name", 1, 1), F("name_pinyin"), F("id"), name="person_first_pinyin"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fill_search_keys()
        fields = kwargs.get("update_fields")
        if fields is not None and "name" in fields:
            kwargs["update_fields"] = {*fields, "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)

    def fill_search_keys(self) -> None:
        self.name_pinyin, self.name_initials = search_keys(self.name)
