import importlib

import pytest

from sorong_asn import settings as project_settings


@pytest.fixture
def reload_with(monkeypatch):
    def reload(**environment):
        for key, value in environment.items():
            monkeypatch.setenv(key, value)
        return importlib.reload(project_settings)

    yield reload
    monkeypatch.undo()
    importlib.reload(project_settings)


def test_behind_pgbouncer_in_transaction_mode_no_server_side_cursors_or_prepared_statements(reload_with):
    settings = reload_with(
        DATABASE_URL="postgres://sorong:sorong@pgbouncer:6432/sorong", PGBOUNCER_TRANSACTION_MODE="1"
    )
    database = settings.DATABASES["default"]
    assert database["DISABLE_SERVER_SIDE_CURSORS"] is True
    assert "prepare_threshold" not in database.get("OPTIONS", {})  # Django's default: none prepared
    assert "server_side_binding" not in database.get("OPTIONS", {})


def test_a_direct_postgresql_connection_keeps_server_side_cursors(reload_with):
    settings = reload_with(DATABASE_URL="postgres://sorong:sorong@db:5432/sorong")
    assert settings.DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] is False
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] == 60
