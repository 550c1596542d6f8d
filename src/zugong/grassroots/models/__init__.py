from zugong.grassroots.models.collective import *  # noqa: F403
from zugong.grassroots.models.demonstration import *  # noqa: F403
from zugong.grassroots.models.organ import *  # noqa: F403
from zugong.grassroots.models.rating import *  # noqa: F403
from zugong.grassroots.models.twonew import *  # noqa: F403
from zugong.grassroots.models.urban import *  # noqa: F403
