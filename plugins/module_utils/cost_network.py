# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""The network's share of the floor: NAT gateways, public IPv4 addresses, Application Load Balancers and VPC
interface endpoints."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class NetworkCosts:
    """Mixed into cost_floor.Floor (uses its of, add, az_count, prices, opt and hours)."""

    def network(self):
        nats = self.of("aws_nat_gateway")
        if nats:
            self.add("NAT gateways", "%d NAT gateway(s), hourly charge (data processing is traffic)" % len(nats),
                     len(nats) * self.hours, "gateway-hours", self.prices.unit("nat_gateway_hour"),
                     [r.address for r in nats])
        eips = self.of("aws_eip")
        if eips:
            self.add("Public IPv4 addresses", "%d Elastic IP(s)" % len(eips), len(eips) * self.hours, "address-hours",
                     self.prices.unit("public_ipv4_hour"), [r.address for r in eips])
        for lb in self.of("aws_lb"):
            if (lb.values.get("load_balancer_type") or "application") != "application":
                continue
            self.add("Application Load Balancer", lb.values.get("name") or lb.address, self.hours, "LB-hours",
                     self.prices.unit("alb_hour"), [lb.address])
            self.add("ALB capacity units", "minimum %s LCU assumed at zero traffic" % self.opt.alb_min_lcu,
                     self.opt.alb_min_lcu * self.hours, "LCU-hours", self.prices.unit("alb_lcu_hour"), [lb.address])
            if not lb.values.get("internal"):
                nodes = lb.known_count("subnets") or lb.known_count("subnet_mapping") or self.az_count() or 0
                if nodes:
                    self.add("Public IPv4 addresses", "%d ALB node address(es), one per subnet" % nodes,
                             nodes * self.hours, "address-hours", self.prices.unit("public_ipv4_hour"), [lb.address])
        endpoints = [r for r in self.of("aws_vpc_endpoint") if r.values.get("vpc_endpoint_type") == "Interface"]
        for ep in endpoints:
            azs = ep.known_count("subnet_ids")
            guess = ""
            if azs is None:
                azs = self.az_count() or 1
                guess = " (subnets unknown at plan: one per AZ)"
            service = ep.values.get("service_name") or ep.address
            if service.startswith("com.amazonaws."):
                service = service.split(".", 3)[-1]
            self.add("VPC interface endpoints", "%s x %d AZ%s" % (service, azs, guess), azs * self.hours,
                     "endpoint-AZ-hours", self.prices.unit("interface_endpoint_hour"), [ep.address])
