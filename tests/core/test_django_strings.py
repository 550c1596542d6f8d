from django.db.models.fields import BLANK_CHOICE_LABEL
from django.utils import translation


def test_djangos_blank_choice_reads_in_chinese():
    with translation.override("zh-hans"):
        assert str(BLANK_CHOICE_LABEL) == "— 请选择 —"
