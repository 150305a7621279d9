"""Forked workers give what one process gives, in the same order."""

from __future__ import annotations

import os

import pytest

import reecheck.parallel
from reecheck.parallel import forked_map


@pytest.mark.parametrize("cores", [1, 2])
def test_forked_map_is_map(monkeypatch: pytest.MonkeyPatch, cores: int) -> None:
    monkeypatch.setattr(reecheck.parallel.os, "cpu_count", lambda: cores)
    parent = os.getpid()
    results = list(forked_map(lambda number: (number * number, os.getpid() == parent), list(range(40)), least=2,
                              chunk=3))
    assert [square for square, _ in results] == [number * number for number in range(40)]
    assert all(in_parent for _, in_parent in results) == (cores == 1)
    assert reecheck.parallel.FORKED == []


def test_few_items_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reecheck.parallel.os, "cpu_count", lambda: 2)
    parent = os.getpid()
    assert list(forked_map(lambda _: os.getpid() == parent, [1, 2, 3], least=4)) == [True, True, True]
