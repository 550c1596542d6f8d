"""Rules of party membership as data with their sources, and the one function applying each.

Each rule's ``source`` is the regulation and article a user reads; its ``note`` is for
developers: the RULES.md section, the confidence tag and, where RULES.md marks a convention
[S] or [M], the setting that overrides the listed default.

The rules are kept by subject in this package's modules; ``zugong.party.rules`` names
every one of them, so callers write ``rules.monthly_dues`` whatever module holds it.
"""

from zugong.core.rules import Rule, add_years, shift_months  # noqa: F401
from zugong.party.rules.calendar import *  # noqa: F403
from zugong.party.rules.dues import *  # noqa: F403
from zugong.party.rules.life import *  # noqa: F403
from zugong.party.rules.membership import *  # noqa: F403
from zugong.party.rules.organization import *  # noqa: F403
