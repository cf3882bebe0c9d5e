import pytest
from fastapi.testclient import TestClient

from api.core.config import Settings
from api.main import create_app


@pytest.fixture(scope="session")
def client(meguro_router, tmp_path_factory):
    """The app on the real Meguro graph, with a database of its own (no stored reports)."""
    db = tmp_path_factory.mktemp("db") / "ainori.sqlite"
    settings = Settings(database_url=f"sqlite:///{db}")
    with TestClient(create_app(settings, router=meguro_router)) as c:
        yield c
