# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""One place that wires earlier layers' outputs into a layer's inputs (roles/terraform_layer renders one layer with
it, and plans every layer ahead with it)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
name: layer_inputs
short_description: A layer's input variables, with the earlier layers' outputs it is wired to
version_added: 0.3.0
description:
  - Combines the layer's inputs derived from the inventory with the outputs of earlier layers named by the wiring
    (C(ecs_layer_wiring), layer -> earlier layer -> output names).
  - Returns the inputs and the wired outputs that are not known yet (C(layer.output)), in the wiring's order; a layer
    with missing outputs cannot be planned before the layers it depends on are applied.
options:
  _input:
    description: The layer's name.
    type: str
    required: true
  inputs:
    description: Every layer's inputs derived from the inventory (C(ecs_layer_inputs)).
    type: dict
    required: true
  wiring:
    description: Every layer's wiring (C(ecs_layer_wiring)).
    type: dict
    required: true
  outputs:
    description: The outputs known so far, layer -> name -> value.
    type: dict
    required: true
"""

EXAMPLES = r"""
- name: The services layer's inputs
  ansible.builtin.set_fact:
    services_inputs: >-
      {{ 'services' | platform_ops.ecs_ec2.layer_inputs(ecs_layer_inputs, ecs_layer_wiring, terraform_layer_outputs) }}
"""

RETURN = r"""
_value:
  description: C(inputs) (the variables to plan with) and C(missing) (wired outputs not known yet).
  type: dict
"""

from ansible.errors import AnsibleFilterError


def layer_inputs(layer, inputs, wiring, outputs):
    if layer not in inputs or layer not in wiring:
        raise AnsibleFilterError("layer_inputs: unknown layer %r (known: %s)" % (layer, ", ".join(sorted(wiring))))
    combined = dict(inputs[layer])
    missing = []
    for source, keys in wiring[layer].items():
        known = outputs.get(source) or {}
        for key in keys:
            if key in known:
                combined[key] = known[key]
            else:
                missing.append("%s.%s" % (source, key))
    return {"inputs": combined, "missing": missing}


class FilterModule(object):
    def filters(self):
        return {"layer_inputs": layer_inputs}
