"""The store port: every implementation offers each of its methods with a compatible signature."""

from __future__ import annotations

import inspect

import pytest

from storage import port
from storage.postgres import PostgresStore
from storage.store import Store


def _params(func) -> list[tuple[str, object, object]]:
    return [(p.name, p.kind, p.default) for p in inspect.signature(func).parameters.values() if p.name != "self"]


@pytest.mark.parametrize("impl", [Store, PostgresStore], ids=["tinydb", "postgres"])
@pytest.mark.parametrize("name", port.members())
def test_every_store_offers_every_port_method(impl, name):
    assert callable(getattr(impl, name, None)), f"{impl.__name__} has no {name}()"
    assert _params(getattr(impl, name)) == _params(getattr(port.StorePort, name))


def test_the_port_names_every_method_bot_and_handlers_call():
    called = {"change", "claim", "complete", "import_papers", "queue_once", "queue_digest", "outbox", "thread"}
    assert called <= set(port.members())
    assert not {"doctor", "restore", "generations"} & set(port.members())
