"""Every test here keeps its files in its own folder; the Annex A story is shared."""

from tests.background.worker import private_media  # noqa: F401
from tests.reporting.annex_a.conftest import story  # noqa: F401
