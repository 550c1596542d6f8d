"""Code tables (字典): national standards shipped as data, editable by administrators."""

from __future__ import annotations

from django.db import models
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CodeTable(models.TextChoices):
    GENDER = "gender", _("性别（GB/T 2261.1）")
    ETHNICITY = "ethnicity", _("民族（GB/T 3304）")
    EDUCATION = "education", _("学历（GB/T 4658）")
    POLITICAL_STATUS = "political_status", _("政治面貌（GB/T 4762）")
    REGION = "region", _("行政区划（GB/T 2260）")


class CodeItem(models.Model):
    table = models.CharField(_("代码表"), max_length=32, choices=CodeTable.choices)
    code = models.CharField(_("代码"), max_length=12)
    name = models.CharField(_("名称"), max_length=100)
    parent_code = models.CharField(_("上级代码"), max_length=12, blank=True)
    level = models.PositiveSmallIntegerField(_("层级"), default=1)
    sort = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("代码项")
        verbose_name_plural = _("代码表")
        ordering = ["table", "sort", "code"]
        constraints = [models.UniqueConstraint(fields=["table", "code"], name="code_item_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CodeSynonym(models.Model):
    """Another word offices write for a code: 汉 for 汉族, 本科 for 大学本科毕业. Imports
    accept it beside the code and its name; administrators keep the list on the code's
    page (core.services.codes.code_synonym_save)."""

    item = models.ForeignKey(
        CodeItem, on_delete=models.CASCADE, related_name="synonyms", verbose_name=_("代码项")
    )
    # The item's table, kept beside it so that a word means one code per table.
    table = models.CharField(_("代码表"), max_length=32, choices=CodeTable.choices)
    synonym = models.CharField(_("同义词"), max_length=100)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("同义词")
        verbose_name_plural = _("同义词（导入时认可的其他写法）")
        ordering = ["table", "synonym"]
        constraints = [
            models.UniqueConstraint(fields=["table", "synonym"], name="code_synonym_unique")
        ]

    def __str__(self) -> str:
        return self.synonym


def _load_shipped_synonyms(sender, using="default", **kwargs) -> None:
    # After migrate and after a flush (tests): the shipped synonyms into an empty table.
    if sender.name != "zugong.core":
        return
    from django.db import connections

    # A database migrated to a state before the table (or flushed before migrating).
    if CodeSynonym._meta.db_table not in connections[using].introspection.table_names():
        return
    from zugong.core.services.codes import load_shipped_synonyms

    load_shipped_synonyms()


post_migrate.connect(_load_shipped_synonyms, dispatch_uid="zugong.core.code_synonyms")
