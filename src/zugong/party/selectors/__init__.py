"""Scoped reads of members, for the admin, the API, exports and the cockpit.

The reads are kept by subject in this package's modules; ``zugong.party.selectors`` names
every one of them (and ``HOME_FIGURES``, which the home page looks for here).
"""

from zugong.party.selectors.cockpit import *  # noqa: F403
from zugong.party.selectors.compliance_counts import *  # noqa: F403
from zugong.party.selectors.dues import *  # noqa: F403
from zugong.party.selectors.life import *  # noqa: F403
from zugong.party.selectors.members import *  # noqa: F403
from zugong.party.selectors.organizations import *  # noqa: F403
from zugong.party.selectors.status import *  # noqa: F403
