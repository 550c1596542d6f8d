"""Write django-unfold's interface strings, in Chinese, into the project catalogue.

Unfold ships no zh_Hans catalogue. This script keeps our translations of its strings
in one table; run it after upgrading unfold (it reports strings it does not know),
then `make messages`. Strings Django's own catalogues already translate are left out.
"""

from __future__ import annotations

import sys
from pathlib import Path

T = {
    "Select record": "选择记录", "Select action": "选择操作", "Collapse": "收起", "Name": "名称", "Value": "值",
    "Default": "默认", "Code": "代码", "Current file": "当前文件", "Reset to default": "恢复默认", "From": "从", "To": "至",
    "Date from": "开始日期", "Date to": "结束日期", "Not enough data.": "数据不足。", "Add new item": "新增一项",
    "Paragraph": "段落", "Underlined": "下划线", "Bold": "加粗", "Italic": "斜体", "Strike": "删除线", "Link": "链接",
    "Heading": "标题", "Quote": "引用", "Unordered list": "无序列表", "Ordered list": "有序列表", "Indent increase": "增加缩进",
    "Indent decrease": "减少缩进", "Undo": "撤销操作", "Redo": "重做", "Enter an URL": "输入网址", "Unlink": "取消链接",
    "Object permissions": "对象权限", "Object": "对象", "Group": "组", "Group permissions": "组权限", "Edit": "编辑",
    "Manage group": "管理组", "User permissions": "用户权限", "Manage user": "管理用户", ("verb", "impersonate"): "代为操作",
    "impersonate %(username)s": "代 %(username)s 操作", "You are currently working on behalf of <em>%(user)s</em>.": "您正在代 <em>%(user)s</em> 操作。",
    "stop impersonating": "停止代为操作", "hide warning": "隐藏提示", "Select format": "选择格式", "Export": "导出", "Import": "导入",
    "This exporter will export the following fields": "将导出以下字段", "Submit": "提交",
    "Below is a preview of data to be imported. If you are satisfied with the results, click 'Confirm import'": "以下是待导入数据的预览，确认无误后请点击“确认导入”",
    "Confirm import": "确认导入", "Line number": "行号", "View traceback": "查看错误详情", "New": "新增", "Skipped": "跳过",
    "Update": "更新", "Some rows failed to validate": "部分行未通过校验",
    "Please correct these errors in your data where possible, then reupload it using the form above.": "请更正数据中的错误后，使用上方表单重新上传。",
    "Row": "行", "Non field specific": "非字段错误", "This exporter will export the following fields: ": "将导出以下字段：",
    "This importer will import the following fields: ": "将导入以下字段：", "Recover deleted %(name)s": "恢复已删除的%(name)s",
    "Choose a date from the list below to revert to a previous version of this object.": "从下方列表中选择日期，将此对象恢复到之前的版本。",
    "This object doesn't have a change history. It probably wasn't added via this admin site.": "此对象没有修改历史，可能不是通过本系统添加的。",
    "Press the save button below to recover this version of the object.": "点击下方的保存按钮以恢复此版本。",
    "Choose a date from the list below to recover a deleted version of an object.": "从下方列表中选择日期，以恢复已删除对象的某个版本。",
    "There are no deleted objects to recover": "没有可恢复的已删除对象", "Press the save button below to revert to this version of the object.": "点击下方的保存按钮以回退到此版本。",
    "compare": "比较", "Comment": "备注", "DATETIME_FORMAT": "Y-m-d H:i", "Go back to history list": "返回历史列表",
    "Revert to this version": "回退到此版本", "previous": "上一个", "next": "下一个", "There are no differences.": "没有差异。",
    "Edit comment:": "编辑备注：", "(no comment exists)": "（无备注）",
    "Choose a date from the list below to revert to a previous version of this object": "从下方列表中选择日期，将此对象恢复到之前的版本",
    "This object doesn't have a change history.": "此对象没有修改历史。",
    "Press the 'Revert' button below to revert to this version of the object.": "点击下方的“回退”按钮以回退到此版本。",
    "Press the 'Change History' button below to edit the history.": "点击下方的“修改历史”按钮以编辑历史。",
    "Changed by": "修改人", "Change reason": "修改原因", "Changes": "变更", "Field": "字段", "Old value": "原值", "New value": "新值",
    "Revert": "回退", "Change History": "修改历史", "Select action to run": "选择要执行的操作",
    "Raw passwords are not stored, so there is no way to see this user’s password, but you can change the password using <a href=\"{}\" class=\"text-primary-600 dark:text-primary-500\">this form</a>.": "系统不保存密码原文，因此无法查看该用户的密码，但可以通过<a href=\"{}\" class=\"text-primary-600 dark:text-primary-500\">此表单</a>修改密码。",
    "Dataset not found. No action performed.": "未找到数据集，未执行任何操作。", "Select value": "选择值",
    "Field <strong class=\"font-semibold\">{field_name}</strong> is not an autocomplete field. Please add it to the `autocomplete_fields` list.": "字段<strong class=\"font-semibold\">{field_name}</strong>不是自动补全字段，请将其加入 autocomplete_fields。",
    "You can not create nested object without parent": "没有上级对象时不能创建下级对象", "Run the selected action": "执行所选操作",
    "After you've created a user, you’ll be able to edit more user options.": "创建用户后，即可编辑更多用户选项。",
    "Deleting the %(object_name)s '%(escaped_object)s' would result in deleting related objects, but your account doesn't have permission to delete the following types of objects:": "删除%(object_name)s“%(escaped_object)s”会同时删除关联对象，但您没有删除以下类型对象的权限：",
    "Deleting the %(object_name)s '%(escaped_object)s' would require deleting the following protected related objects:": "删除%(object_name)s“%(escaped_object)s”需要先删除以下受保护的关联对象：",
    "Are you sure you want to delete the %(object_name)s \"%(escaped_object)s\"? All of the following related items will be deleted:": "确定删除%(object_name)s“%(escaped_object)s”吗？以下关联项目都将被删除：",
    "Welcome back to": "欢迎登录", "Forgotten your password or username?": "忘记了用户名或密码？请联系系统管理员。", "Type to search": "输入以搜索",
    "You have been successfully logged out from the administration": "您已安全退出系统", "No data": "暂无数据",
    "All applications": "全部模块", "True": "是", "False": "否", "Apply Filters": "应用筛选", "Filters": "筛选", "Navigate": "切换",
    "Select": "选择", "Recent searches": "最近搜索", "Nothing matched your search": "没有匹配的结果", "Record picture": "记录图片",
    "This item will be deleted.": "此项将被删除。", "Click to cancel": "点击取消", "No results found": "没有找到结果",
    "This page yielded into no results.": "本页没有结果。", "Reset filters": "重置筛选", "Image preview": "图片预览",
    "Click to download": "点击下载", "Go back": "返回", "Previous": "上一页", "Next": "下一页",
    "Search apps and models...": "搜索功能菜单……", "Available shortcuts": "快捷键", "Global shortcuts": "全局快捷键",
    "Open command tool": "打开命令面板", "Open shortcuts list": "打开快捷键列表", "Toggle sidebar": "显示/隐藏侧栏",
    "Toggle dark/light mode": "切换深色/浅色模式", "Changelist shortcuts": "列表页快捷键", "Toggle filter": "显示/隐藏筛选",
    "Create new record": "新建记录", "Command tool shortcuts": "命令面板快捷键", "Open selection": "打开所选",
    "Open selection in new tab": "在新标签页打开所选", "General": "通用", "Light": "浅色", "Dark": "深色", "System": "跟随系统",
    "Return to site": "返回首页", "Choose file to upload": "选择要上传的文件", "Toggle password visibility": "显示/隐藏密码",
    "Add row": "添加一行", "Date": "日期", "Select currency": "选择币种", "Cancel": "取消",
}
MULTILINE = {
    "Export %(len)s selected item.": ("导出所选的 %(len)s 项。",),
    "Compare <strong": "比较 <strong class=\"font-semibold underline\">%(date1)s</strong> 与 <strong class=\"font-semibold underline\">%(date2)s</strong>",
    "Fields/entries marked with": "标有 <sup class=\"follow\">*</sup> 的字段不受版本控制，所示信息可能不完全准确。",
    "Found <span": ("找到 <span class=\"font-medium text-important\">%(counter)s</span> 个结果，用时 %(time)s 秒",),
}


def translate(entry):
    key = (entry.msgctxt, entry.msgid) if entry.msgctxt else entry.msgid
    if key in T:
        return T[key]
    for start, value in MULTILINE.items():
        if entry.msgid.strip().startswith(start):
            text = value[0] if isinstance(value, tuple) else value
            # msgfmt requires the same leading and trailing newlines as the msgid.
            lead = entry.msgid[: len(entry.msgid) - len(entry.msgid.lstrip())]
            trail = entry.msgid[len(entry.msgid.rstrip()):]
            return lead + text + trail
    return None


def _django_known() -> set:
    import django
    import polib

    base = Path(django.__file__).parent
    known = set()
    for rel in ("conf/locale", "contrib/admin/locale", "contrib/auth/locale", "contrib/contenttypes/locale"):
        for entry in polib.mofile(str(base / rel / "zh_Hans/LC_MESSAGES/django.mo")):
            known.add((entry.msgctxt, entry.msgid))
    return known


def main(unfold_po: str, out: str) -> int:
    import polib

    source = polib.pofile(unfold_po)
    target = polib.pofile(out) if Path(out).exists() else polib.POFile()
    target.metadata = {
        "Project-Id-Version": "zugong", "PO-Revision-Date": "2026-11-23 00:00+0800", "Last-Translator": "zugong",
        "Language-Team": "zh_Hans", "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit", "Language": "zh_Hans", "Plural-Forms": "nplurals=1; plural=0;",
    }
    unknown = 0
    known = _django_known()
    for entry in source:
        if not entry.msgid:
            continue
        value = translate(entry)
        if value is None:
            if (entry.msgctxt, entry.msgid) not in known:
                print(f"untranslated unfold string: {entry.msgid!r}", file=sys.stderr)
                unknown += 1
            continue
        existing = target.find(entry.msgid, msgctxt=entry.msgctxt)
        if existing is not None:
            target.remove(existing)
        new = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid, msgid_plural=entry.msgid_plural)
        if entry.msgid_plural:
            new.msgstr_plural = {0: value}
        else:
            new.msgstr = value
        target.append(new)
    target.save(out)
    return unknown


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
