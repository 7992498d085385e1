"""The test database as a DATABASE_URL, for a process the tests start (make serve, make load):
it then sees what the test committed."""

from django.db import connection


def database_url() -> str:
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{config['NAME']}"
    if not config.get("HOST"):
        return f"postgres:///{config['NAME']}"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{config.get('USER') or ''}@{config['HOST']}{port}/{config['NAME']}"
