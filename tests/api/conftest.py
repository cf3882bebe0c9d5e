import pytest
from fastapi.testclient import TestClient

from api.main import create_app


@pytest.fixture(scope="session")
def client(meguro_router):
    with TestClient(create_app(router=meguro_router)) as c:
        yield c
