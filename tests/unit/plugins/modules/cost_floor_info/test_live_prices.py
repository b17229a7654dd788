"""price_source=live: prices from the Price List API and Spot history; a failing call fails clearly, no fallback."""

import datetime
import json

import boto3
import pytest
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import AwsClients
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_common import CostError
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_floor import cost_floor
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_live_prices import LivePrices
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.cost_prices import PriceBook
from ansible_collections.platform_ops.ecs_ec2.plugins.modules import cost_floor_info
from botocore.stub import Stubber
from cost_floor_testkit import REGION, H


def stubbed_api(setup):
    """AwsClients whose boto3 clients answer from a Stubber that `setup(service, stubber)` fills."""
    stubbers = []

    def factory(service, region):
        client = boto3.client(service, region_name=region)
        stubber = Stubber(client)
        setup(service, stubber)
        stubber.activate()
        stubbers.append(stubber)
        return client

    return AwsClients(factory, REGION, retries=1, delay=0.01, max_delay=0.02), stubbers


def product(usage, usd):
    return json.dumps({"product": {"attributes": {"usagetype": usage}},
                       "terms": {"OnDemand": {"T": {"priceDimensions": {"D": {
                           "beginRange": "0", "pricePerUnit": {"USD": str(usd)}}}}}}})


def test_live_failure_fails_the_module_with_a_clear_message(run_main, plans, monkeypatch):
    def setup(service, stubber):
        stubber.add_client_error("get_products", "AccessDeniedException", "not allowed to call pricing:GetProducts")

    api, _dummy = stubbed_api(setup)
    monkeypatch.setattr(cost_floor_info.AwsClients, "from_module", classmethod(lambda cls, module: api))
    failed, result = run_main(cost_floor_info.main, {"plans": plans("dev"), "region": REGION,
                                                     "price_source": "live", "backoff_retries": 1})
    assert failed
    assert result["msg"] == (
        "live prices failed: pricing:get_products failed: AccessDeniedException: not allowed to call "
        "pricing:GetProducts. Use price_source=table, or allow pricing:GetProducts")
    assert "monthly_total" not in result  # no silent fallback to the table
    assert result["api_calls"] == {"pricing": 1}


def test_live_prices_replace_the_table_for_the_main_items(plans):
    od = {"m6i.large": 0.2, "t3.large": 0.1, "t3a.large": 0.09}

    def setup(service, stubber):
        if service == "pricing":
            for itype in sorted(od):
                stubber.add_response("get_products", {"PriceList": [product("EU-BoxUsage:" + itype, od[itype])]})
            stubber.add_response("get_products", {"PriceList": [product("EU-NatGateway-Bytes", 0.048),
                                                                product("EU-NatGateway-Hours", 0.06)]})
            stubber.add_response("get_products", {"PriceList": [product("EU-LoadBalancerUsage", 0.03)]})
            stubber.add_response("get_products", {"PriceList": [product("EU-LoadBalancerUsage", 0.03),
                                                                product("EU-LCUUsage", 0.01)]})
            stubber.add_response("get_products", {"PriceList": [product("EU-VpcEndpoint-Hours", 0.02)]})
            stubber.add_response("get_products", {"PriceList": [product("EU-EBS:VolumeUsage.gp3", 0.1)]})
        else:
            now = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
            stubber.add_response("describe_spot_price_history", {"SpotPriceHistory": [
                {"InstanceType": t, "SpotPrice": str(p), "AvailabilityZone": "eu-west-1a", "Timestamp": now,
                 "ProductDescription": "Linux/UNIX"} for t, p in (("t3.large", 0.03), ("t3a.large", 0.025),
                                                                  ("m6i.large", 0.05), ("m6i.large", 0.04))]})

    api, stubbers = stubbed_api(setup)
    docs = plans("dev")
    table = PriceBook.from_table(REGION)
    book = LivePrices(api, REGION).book(table, ["m6i.large", "t3.large", "t3a.large"], ["gp3"],
                                        today=datetime.date(2026, 1, 2))
    for stubber in stubbers:
        stubber.assert_no_pending_responses()
    report = cost_floor(docs, book, today=datetime.date(2026, 1, 2))
    by_name = {c["component"]: c for c in report["components"]}
    assert by_name["EC2 On-Demand baseline"]["unit_price"] == 0.1
    assert by_name["NAT gateways"]["unit_price"] == 0.06
    assert by_name["ALB capacity units"]["unit_price"] == 0.01
    assert by_name["EBS volumes"]["unit_price"] == 0.1
    # Items not asked live keep the table's price, and the report says which are live.
    assert by_name["KMS keys"]["unit_price"] == table.prices["kms_key_month"]
    prices = report["prices"]
    assert (prices["kind"], prices["age_days"]) == ("live", 0)
    assert "nat_gateway_hour" in prices["live_items"] and "kms_key_month" not in prices["live_items"]
    # dev: ASG max 4 - min 2 = 2 burst instances, all Spot
    assert report["spot_burst_range"]["max"] == pytest.approx(2 * 0.05 * H, abs=0.01)
    assert report["spot_burst_range"]["min"] == pytest.approx(2 * 0.025 * H, abs=0.01)


def test_no_live_price_for_a_type_fails(plans):
    def setup(service, stubber):
        stubber.add_response("get_products", {"PriceList": []})

    api, _dummy = stubbed_api(setup)
    with pytest.raises(CostError, match=r"no On-Demand Linux price for t3\.large in eu-west-1"):
        LivePrices(api, REGION).on_demand("t3.large")
