"""The voice app's records. Each sub-feature keeps its models in its own package (links/,
participation/, you_said/); they are imported here so Django finds them."""

from journey.voice.impact.models import *  # noqa: E402, F403
from journey.voice.links.models import (  # noqa: F401
    LinkFailure,
    OutboxMessage,
    ViewsAnswer,
    ViewsLink,
    ViewsResponse,
)
from journey.voice.participation.models import *  # noqa: E402, F403
from journey.voice.you_said.models import *  # noqa: E402, F403
