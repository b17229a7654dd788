# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""What every cost file shares: the one error of the cost floor, and money rounded to cents."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class CostError(Exception):
    """The floor cannot be computed (a price is missing, a plan is unreadable, a live price call failed)."""


def money(value):
    """USD to the cent, for the report; sums are made from the unrounded numbers."""
    return round(value + 0.0, 2)
