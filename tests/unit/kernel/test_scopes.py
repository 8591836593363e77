"""The delegation scopes: each capability registers the ones it checks, and a name has one owner."""

from __future__ import annotations

import pytest

from comptoir.kernel.scopes import ScopeRegistry


def test_a_capability_registers_its_scopes_in_order_and_registering_again_changes_nothing() -> None:
    registry = ScopeRegistry()
    content = registry.register("content", capability="identity", label=lambda: "Content", description="profile")
    registry.register("campaigns", capability="marketing", label=lambda: "Campaigns", description="run campaigns")
    again = registry.register("content", capability="identity", label=lambda: "Other", description="other")
    assert again is content
    assert registry.names() == ("content", "campaigns")
    assert "campaigns" in registry and "money" not in registry
    assert [s.label() for s in registry.definitions()] == ["Content", "Campaigns"]


def test_a_scope_has_one_owner_and_a_short_lowercase_name() -> None:
    registry = ScopeRegistry()
    registry.register("orders", capability="orders", label=lambda: "Orders", description="orders")
    with pytest.raises(ValueError, match="registered by orders"):
        registry.register("orders", capability="payments", label=lambda: "Orders", description="orders")
    for bad in ("Orders", "o", "with space", "x" * 40):
        with pytest.raises(ValueError, match="bad scope name"):
            registry.register(bad, capability="orders", label=lambda: "?", description="?")
