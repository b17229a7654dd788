"""The pre-flight guard: over ecs_monthly_cost_floor_budget the module reports (and by default fails with) one
problem naming that key, the total, every component and the section H trade-offs; under it, or without a budget,
it passes. Nothing is read from state or AWS with table prices."""

from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import cost_estimate
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PRICE_TABLE
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import cost_floor_estimate_info
from cost_estimate_testkit import REGION, fixture_plans, floor_of_plans, layer_inputs

KEY = "ecs_monthly_cost_floor_budget"


def run(run_main, env, **args):
    return run_main(cost_floor_estimate_info.main, dict({"layer_inputs": layer_inputs(env), "region": REGION}, **args))


def test_over_budget_fails_naming_the_key_the_total_the_breakdown_and_the_tradeoffs(run_main):
    planned = floor_of_plans(fixture_plans("dev"))
    failed, result = run(run_main, "dev", budget=200)
    assert failed
    msg = result["msg"]
    assert msg.startswith("1 pre-flight problem(s):\n%s = 200: the monthly cost floor estimated from the inventory "
                          "is %.2f USD, over the budget" % (KEY, planned["monthly_total"]))
    assert "Nothing has been applied" in msg and "or raise %s" % KEY in msg
    rows = msg.splitlines()
    for c in planned["components"]:  # each component on a row of its own, with its amount (the detail may wrap)
        assert [row for row in rows if row.startswith(c["component"]) and row.endswith("%.2f" % c["monthly"])
                and c["detail"][:40] in row], c
    assert "TOTAL (floor)" in msg and "Budget 200.00 USD/month: EXCEEDED" in msg
    for line in ("Trade-off NAT:", "Trade-off On-Demand base:", "Trade-off On-Demand base commitment"):
        assert line in msg
    assert "off-hours" not in msg
    base = planned["tradeoffs"]["on_demand_base"]
    assert ("On-Demand base 0 instead of 1 (ecs_on_demand_base_capacity, that instance on Spot) %.2f-%.2f USD/month"
            % (base["minus_one_monthly"]["min"], base["minus_one_monthly"]["max"])) in msg
    assert [p["key"] for p in result["problems"]] == [KEY]
    assert result["over_budget"] is True and result["changed"] is False and result["api_calls"] == {}


def test_tradeoffs_that_fit_the_budget_are_marked(run_main):
    planned = floor_of_plans(fixture_plans("prod"))
    single_nat = planned["tradeoffs"]["nat_gateways"]["single_nat_monthly"]     # prod: 3 NAT gateways now
    _failed, result = run(run_main, "prod", budget=single_nat + 1, fail_on_problems=False)
    action = result["problems"][0]["action"]
    assert "a single NAT gateway (ecs_single_nat_gateway: true) %.2f USD/month (within budget)" % single_nat in action
    _failed, tight = run(run_main, "prod", budget=single_nat - 1, fail_on_problems=False)
    assert "(ecs_single_nat_gateway: true) %.2f USD/month;" % single_nat in tight["problems"][0]["action"]


def test_problem_is_collected_without_failing_for_the_preflight_role(run_main):
    failed, result = run(run_main, "prod", budget=100, fail_on_problems=False)
    assert not failed
    assert result["over_budget"] is True and result["basis"] == "inventory"
    assert result["problems"][0]["key"] == KEY and result["problems"][0]["value"] == "100"


def test_under_budget_passes(run_main):
    planned = floor_of_plans(fixture_plans("prod"))
    failed, result = run(run_main, "prod", budget=planned["monthly_total"] + 0.01, _ansible_check_mode=True)
    assert not failed, result.get("msg")
    assert result["problems"] == [] and result["over_budget"] is False
    assert result["monthly_total"] == planned["monthly_total"]


def test_no_budget_never_fails(run_main):
    failed, result = run(run_main, "prod")
    assert not failed and result["problems"] == [] and result["budget"] == 0


def test_key_names_rename_the_budget_key(run_main):
    failed, result = run(run_main, "dev", budget=1, key_names={"budget": "network_budget"})
    assert failed and result["problems"][0]["key"] == "network_budget"


def test_floor_that_cannot_be_estimated_is_a_problem_only_with_a_budget(run_main):
    inputs = layer_inputs("dev", ecs_instance_types=["x9.huge", "t3.large"])
    failed, result = run_main(cost_floor_estimate_info.main, {"layer_inputs": inputs, "region": REGION, "budget": 500})
    assert failed
    problem = result["problems"][0]
    assert problem["key"] == KEY
    assert "cannot be estimated" in problem["reason"] and "x9.huge" in problem["reason"]
    failed, result = run_main(cost_floor_estimate_info.main, {"layer_inputs": inputs, "region": REGION})
    assert not failed and result["problems"] == [] and result["monthly_total"] is None
    assert "x9.huge" in result["error"]


def test_missing_layer_input_names_the_layer_variable(run_main):
    inputs = layer_inputs("dev")
    del inputs["network"]["azs"]
    failed, result = run_main(cost_floor_estimate_info.main, {"layer_inputs": inputs, "region": REGION, "budget": 500})
    assert failed and "layer_inputs.network.azs is missing" in result["problems"][0]["reason"]


def test_advice_suggests_only_what_an_inventory_key_applies(run_main):
    # dev over a budget below every trade-off: each suggestion must name the inventory key that applies it; off-hours
    # scaling (no key schedules the ASG) and Savings Plans (a purchase; the floor stays at On-Demand) are not offered.
    failed, result = run(run_main, "dev", budget=1, fail_on_problems=False)
    assert not failed
    action = result["problems"][0]["action"]
    assert action.startswith("Nothing has been applied. Lower the floor: ")
    ways = action[len("Nothing has been applied. Lower the floor: "):].rsplit(" - or raise ", 1)[0].split("; ")
    assert ways
    for way in ways:
        assert any(key in way for key in cost_estimate.KEYS.values() if key != KEY), way
    assert "off-hours" not in action and "Savings Plan" not in action


def test_price_table_and_date_are_in_the_problem_and_every_table(run_main):
    phrase = "prices: table %s of %s" % (PRICE_TABLE["version"], PRICE_TABLE["date"])
    failed, result = run(run_main, "dev", budget=200)
    assert failed and "(%s)" % phrase in result["msg"]
    assert [line for line in result["table"] if line.startswith(phrase)]
    inputs = layer_inputs("dev", ecs_instance_types=["x9.huge"])
    _failed, unestimated = run_main(cost_floor_estimate_info.main, {"layer_inputs": inputs, "region": REGION})
    assert unestimated["monthly_total"] is None
    assert [line for line in unestimated["table"] if line.startswith(phrase)]
