"""Fixtures of the cost_floor_info tests (helpers and constants live in cost_floor_testkit.py)."""

import copy

import pytest
from cost_floor_testkit import LAYERS, PRICE_TABLE, REGION, load_plans


@pytest.fixture
def plans():
    return lambda env, layers=LAYERS: copy.deepcopy(load_plans(env, layers))


@pytest.fixture
def price():
    """Unit prices of the inventories' region."""
    return PRICE_TABLE["regions"][REGION]


@pytest.fixture
def assume():
    return PRICE_TABLE["assumptions"]
