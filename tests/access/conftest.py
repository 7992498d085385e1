from tests.casework.conftest import episode, external_lead, practitioner  # noqa: F401
