"""Fixtures of the portal's tests: a facilitator, a negotiation on the WSIS sample. pytest-django runs
them on the database the portal's settings name (SQLite in memory; PostgreSQL when AMENDTOOL_DATABASE
is set, see test_portal_postgresql.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from amendtool.server.models import Negotiation
from portal.helpers import PASSWORD, create_negotiation


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters start empty in every test."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """Passwords hashed with a quick hasher in these tests (Django's PBKDF2 takes about a second per
    password on this machine, most of the portal suite's time); the served portal keeps the default."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def facilitator(django_user_model):
    return django_user_model.objects.create_user("alice", password=PASSWORD, is_staff=True)


@pytest.fixture
def fclient(facilitator) -> Client:
    c = Client()
    c.force_login(facilitator)
    return c


@pytest.fixture
def negotiation(fclient) -> Negotiation:
    return create_negotiation(fclient)
