"""Rules of grassroots party building as data with their sources, and the one function
applying each: village star rating, the collective economy, urban co-building, grids and
community reporting, organ party building and the two-new organizations.

Each rule's ``source`` is what a user reads; its ``note`` is for developers (the
RULES.md or research section, the confidence tag, the setting that overrides the value).
The functions are pure: plain values in, no database, ``today`` passed where time matters.
``zugong.grassroots.rules`` names every one of them, whatever module holds it.
"""

from zugong.core.rules import Rule, add_years, shift_months  # noqa: F401
from zugong.grassroots.rules.collective import *  # noqa: F403
from zugong.grassroots.rules.common import *  # noqa: F403
from zugong.grassroots.rules.organ import *  # noqa: F403
from zugong.grassroots.rules.rating import *  # noqa: F403
from zugong.grassroots.rules.twonew import *  # noqa: F403
from zugong.grassroots.rules.urban import *  # noqa: F403
