"""The play's table stays within 112 columns (120 with the callback's indent) and cuts nothing: a long detail goes
on under its own column, a long trade-off line wraps with an indent."""

import re

from ansible_collections.platform_ops.ecs_ec2.plugins.modules import cost_floor_info
from cost_floor_testkit import REGION


def test_every_line_fits_and_every_detail_is_whole(run_main, plans):
    failed, result = run_main(cost_floor_info.main, {"plans": plans("prod"), "region": REGION, "budget": 100})
    assert not failed, result.get("msg")
    table = result["table"]
    assert max(len(line) for line in table) <= 112, [line for line in table if len(line) > 112]
    assert any(len(c["detail"]) > 74 for c in result["components"]), "no long detail: the wrap was not exercised"
    text = re.sub(r"\s+", " ", " ".join(re.sub(r"\s+\d+\.\d\d$", "", line) for line in table))
    for c in result["components"]:
        assert re.sub(r"\s+", " ", c["detail"]) in text, c["detail"]
    amount = table[0].index("USD/MONTH") + len("USD/MONTH")
    rows = [line for line in table[1:] if re.search(r"\d+\.\d\d$", line) and not line.startswith(("Trade", "Spot"))]
    assert rows and all(len(line) == amount for line in rows), rows  # amounts right-aligned in one column
