"""layer_inputs: the one place that wires earlier layers' outputs into a layer's inputs."""

import pytest
from ansible.errors import AnsibleFilterError
from ansible_collections.platform_ops.ecs_ec2.plugins.filter.layer_inputs import FilterModule

layer_inputs = FilterModule().filters()["layer_inputs"]
INPUTS = {"network": {"cidr": "10.0.0.0/16"}, "compute": {"instance_types": ["t3.large"], "vpc_id": "inventory"}}
WIRING = {"network": {}, "compute": {"network": ["vpc_id", "private_subnet_ids"], "security": ["instance_sg_id"]}}


def test_wired_outputs_override_and_join_the_inventory_inputs():
    outputs = {"network": {"vpc_id": "vpc-1", "private_subnet_ids": ["subnet-a"], "other": 1},
               "security": {"instance_sg_id": "sg-1"}}
    wired = layer_inputs("compute", INPUTS, WIRING, outputs)
    assert wired == {"missing": [], "inputs": {"instance_types": ["t3.large"], "vpc_id": "vpc-1",
                                               "private_subnet_ids": ["subnet-a"], "instance_sg_id": "sg-1"}}
    assert INPUTS["compute"]["vpc_id"] == "inventory"  # the inventory's inputs are not modified


def test_outputs_not_known_yet_are_listed_in_wiring_order():
    wired = layer_inputs("compute", INPUTS, WIRING, {"network": {"vpc_id": "vpc-1"}})
    assert wired["missing"] == ["network.private_subnet_ids", "security.instance_sg_id"]
    assert layer_inputs("network", INPUTS, WIRING, {}) == {"inputs": {"cidr": "10.0.0.0/16"}, "missing": []}


def test_an_unknown_layer_is_an_error_naming_the_known_ones():
    with pytest.raises(AnsibleFilterError, match=r"unknown layer 'dns' \(known: compute, network\)"):
        layer_inputs("dns", INPUTS, WIRING, {})
