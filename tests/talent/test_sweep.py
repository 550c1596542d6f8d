"""The daily sweep command: cards and certificates past their validity expire, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.talent import rows_card
from zugong.core.scope import system_scope
from zugong.talent.models import CardStatus, TalentCard

pytestmark = pytest.mark.django_db


def test_the_sweep_expires_cards_past_their_validity_once(tc):
    with system_scope("setup"):
        rows_card.make_rows(tc)
        issued = TalentCard.objects.filter(status=CardStatus.ISSUED, holder_card__isnull=True)
        assert issued.exists()
        last = max(issued.values_list("valid_until", flat=True))
    day = last.replace(year=last.year + 1).isoformat()
    out = io.StringIO()
    call_command("talent_sweep", "--date", day, stdout=out)
    assert "人才卡到期失效" in out.getvalue()
    with system_scope("check"):
        assert not TalentCard.objects.filter(status=CardStatus.ISSUED).exists()
    again = io.StringIO()
    call_command("talent_sweep", "--date", day, stdout=again)
    assert "人才卡到期失效0张" in again.getvalue()
