"""Rules for cadres as data with their sources, and the one function applying each.

RULES.md §5–§10 and §16 and formats/LRMX.md. Each rule's ``source`` is the regulation and
article a user reads; its ``note`` is for developers: the RULES.md section, the confidence
tag and, where RULES.md marks a rule [S] or [M], the setting (``ZUGONG_*``) that overrides
the listed default.
Every function here works on plain values; ``selectors.cadre_facts`` gathers them.

The rules are kept by subject in this package's modules; ``zugong.cadres.rules`` names
every one of them, so callers write ``rules.promotion_verdict`` whatever module holds it.
"""

from zugong.cadres.rules.assessment import *  # noqa: F403
from zugong.cadres.rules.bars import *  # noqa: F403
from zugong.cadres.rules.common import *  # noqa: F403
from zugong.cadres.rules.notices import *  # noqa: F403
from zugong.cadres.rules.ranks import *  # noqa: F403
from zugong.cadres.rules.ranks import _count_tenure  # noqa: F401
from zugong.cadres.rules.records import *  # noqa: F403
from zugong.cadres.rules.retirement import *  # noqa: F403
from zugong.cadres.rules.selection import *  # noqa: F403
from zugong.cadres.rules.selection import _months_at  # noqa: F401
from zugong.cadres.rules.staff_grades import *  # noqa: F403
from zugong.cadres.rules.supervision import *  # noqa: F403
from zugong.cadres.rules.teams import *  # noqa: F403
from zugong.core.rules import Rule, add_years, shift_months  # noqa: F401
