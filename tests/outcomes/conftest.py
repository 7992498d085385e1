import pytest

from journey.outcomes import services


@pytest.fixture(autouse=True)
def the_wheel(db):
    """Journey's own tool, as its migration added it (a browser test before may have emptied
    the tables)."""
    return services.ensure_wheel()
