"""What each kind of background job does."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _

from zugong.core import audit
from zugong.core.capabilities import EXPORT, VIEW_PERSON, VIEW_SENSITIVE
from zugong.core.exports import write_persons
from zugong.core.models import Organization
from zugong.core.scope import current_scope
from zugong.core.selectors import person_list
from zugong.core.services.access import get_access
from zugong.core.tasks import runner

EXPORT_PERSONS = "core.export_persons"


@runner(EXPORT_PERSONS, requirement=(VIEW_PERSON, EXPORT))
def export_persons(job, progress) -> dict:
    access = get_access(job.user)
    params = job.params
    organization = None
    if params.get("organization"):
        organization = Organization.objects.filter(pk=params["organization"]).first()
    queryset = person_list(
        q=params.get("q", ""), filters=params.get("filters", {}), organization=organization
    )
    # ID numbers in clear only when the user may read them in clear in every subtree
    # the export covers.
    sensitive = access.paths_for(VIEW_SENSITIVE)
    clear = bool(params.get("clear")) and all(
        any(path.startswith(s) for s in sensitive) for path in current_scope().paths
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.xlsx"
        count = write_persons(queryset, path, clear=clear, progress=progress)
        name = _("人员名册_%(t)s.xlsx") % {"t": timezone.localtime().strftime("%Y%m%d%H%M%S")}
        with open(path, "rb") as handle:
            job.result_file.save(name, File(handle), save=True)
    audit.log_action(
        audit.EXPORTED, obj=job, extra={"what": "persons", "rows": count, "clear": clear, **params}
    )
    return {"rows": count, "message": _("已导出%(n)d人") % {"n": count}}
