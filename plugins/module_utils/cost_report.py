# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""What the two cost modules share: the pricing options (plugins/doc_fragments/cost_floor.py), the price book they
choose, and the priced report. cost_floor_info prices saved plans or states, cost_floor_estimate_info prices the
plans cost_inventory writes from the layer inputs; both end in cost_floor.cost_floor()."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import CostError
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_floor import Options, cost_floor
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_live_prices import LivePrices
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_plan import instance_and_volume_types
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PriceBook
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_render import table_lines

# Assumptions the modules take as options of their own (the rest through `assumptions`).
DIRECT_ASSUMPTIONS = ("log_ingestion_gb_per_month", "alb_min_lcu")
# Options of the off-hours trade-off, no longer priced: no inventory key can schedule the ASG (docs/cost.md).
# Still accepted so that roles passing them keep working; a value set is reported as ignored.
IGNORED_OPTIONS = ("offhours_on_hours_per_week", "offhours_instances")

PRICING_ARGUMENT_SPEC = dict(
    price_source=dict(type="str", choices=["table", "live"], default="table"),
    budget=dict(type="float", default=0),
    log_ingestion_gb_per_month=dict(type="float"),
    alb_min_lcu=dict(type="float"),
    offhours_on_hours_per_week=dict(type="float"),
    offhours_instances=dict(type="int"),
    assumptions=dict(type="dict", default={}),
)


def ignored_options(params):
    """Warnings for the options that no longer change anything."""
    return ["%s=%s is ignored: the off-hours scaling trade-off is no longer reported because no inventory key "
            "schedules the Auto Scaling group (docs/cost.md)" % (key, params[key])
            for key in IGNORED_OPTIONS if params.get(key) is not None]


def options_from(params, assumptions, az_count=None):
    overrides = dict(params["assumptions"] or {})
    unknown = sorted(set(overrides) - set(Options.KEYS))
    if unknown:
        raise CostError("unknown assumption(s) %s; known: %s" % (", ".join(unknown), ", ".join(Options.KEYS)))
    for key in DIRECT_ASSUMPTIONS:
        if params[key] is not None:
            overrides[key] = params[key]
    return Options(assumptions, overrides, az_count)


def price_book(params, region, plans, api=None):
    """The price table's prices of `region`, or live ones for what `plans` uses (api: AwsClients)."""
    table = PriceBook.from_table(region)
    if params["price_source"] == "table":
        return table
    instance_types, volume_types = instance_and_volume_types(plans)
    return LivePrices(api, region).book(table, instance_types, volume_types)


def price_report(plans, params, region, api=None, az_count=None):
    """The cost floor report of `plans` (list of {layer, plan}) with the play's table, priced as `params` ask."""
    prices = price_book(params, region, plans, api)
    report = cost_floor(plans, prices, options_from(params, prices.assumptions, az_count), params["budget"])
    report["table"] = table_lines(report)
    return report
