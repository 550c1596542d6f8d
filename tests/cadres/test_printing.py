"""The printed appointment form: two A4 pages, the CJK font embedded, the photo placed."""

import datetime as dt
import os
import re

from tests.cadres.lrmx_sample import sample
from tests.conftest import scope_of
from zugong.cadres import lrmx, printing
from zugong.cadres.models import Cadre
from zugong.cadres.services import lrmx as services

TODAY = dt.date(2026, 11, 24)


def test_the_form_prints_on_two_a4_pages_with_font_and_photo(cast, tmp_path):
    with scope_of(cast.admin):
        batch = lrmx.parse_upload(sample(), "a.lrmx", today=TODAY)
        (cadre,) = services.import_batch(actor=cast.admin, batch=batch, unit=cast.town_a)
        pdf = printing.render(Cadre.objects.get(pk=cadre.pk), today=TODAY)
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
    assert b"/MediaBox [0 0 595.28 841.89]" in pdf  # A4
    assert b"/FontFile3" in pdf or b"/FontFile2" in pdf  # the subset is embedded
    assert b"NotoSerifSC" in pdf
    assert b"/Subtype /Image" in pdf  # the photo
    # Keep the file for a look when asked to (ZUGONG_KEEP_PDF=dir).
    keep = os.environ.get("ZUGONG_KEEP_PDF")
    if keep:
        with open(os.path.join(keep, "form.pdf"), "wb") as handle:
            handle.write(pdf)


def test_a_long_resume_is_set_smaller_not_cut(cast):
    long_resume = (
        "\n".join(
            f"{1990 + i}.01--{1991 + i}.01  临桂区某某镇某某村工作队队员兼某某办公室副主任"
            for i in range(34)
        )
        + "\n2024.01--         临桂区临桂镇党委副书记"
    )
    with scope_of(cast.admin):
        batch = lrmx.parse_upload(sample(JianLi=long_resume), "long.lrmx", today=TODAY)
        (cadre,) = services.import_batch(actor=cast.admin, batch=batch, unit=cast.town_a)
        pdf = printing.render(Cadre.objects.get(pk=cadre.pk), today=TODAY)
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 2
