"""Every rendering of the floor says which price table it used and its date: the play's table, the Markdown and
the JSON report files, and a live-priced report (whose other items still come from the table)."""

import datetime
import json

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_floor import cost_floor
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PriceBook
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_render import markdown, table_lines
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import cost_floor_info
from cost_floor_testkit import PRICE_TABLE, REGION, unwrapped

PHRASE = "prices: table %s of %s" % (PRICE_TABLE["version"], PRICE_TABLE["date"])


def test_table_markdown_and_json_reports_name_the_table_and_its_date(run_main, plans):
    failed, result = run_main(cost_floor_info.main, {"plans": plans("dev"), "region": REGION})
    assert not failed, result.get("msg")
    assert [line for line in result["table"] if line.startswith(PHRASE)]
    assert PHRASE in result["markdown"]
    assert json.loads(result["report_json"])["prices"]["line"].startswith(PHRASE)


def test_the_line_gives_the_age_of_the_table():
    today = datetime.date(*[int(p) for p in PRICE_TABLE["date"].split("-")]) + datetime.timedelta(days=40)
    report = cost_floor([], PriceBook.from_table(REGION), today=today)
    assert report["prices"]["line"].startswith("%s (40 days old" % PHRASE)


def test_live_prices_still_name_the_table_for_the_rest(plans):
    table = PriceBook.from_table(REGION)
    today = datetime.date(2026, 1, 2)
    meta = dict(table.meta, kind="live", date=today.isoformat(), table_date=table.meta["date"])
    origins = dict((key, "table") for key in table.prices)
    origins["nat_gateway_hour"] = "live"
    live = PriceBook(REGION, dict(table.prices), table.assumptions, meta, origins)
    report = cost_floor(plans("dev"), live, today=today)
    line = report["prices"]["line"]
    assert line.startswith(PHRASE) and line.endswith("; live on 2026-01-02: nat_gateway_hour")
    assert line in unwrapped(table_lines(report)) and line in markdown(report)
