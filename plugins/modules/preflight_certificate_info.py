#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: Platform engineering
# Apache License 2.0 (see LICENSE)

DOCUMENTATION = r"""
module: preflight_certificate_info
short_description: Check the ALB's ACM certificate and the Route 53 zone of its alias record before deploying
version_added: 0.1.0
description:
  - Checks that the certificate ARN is well formed and in the deployment's region, that the certificate exists
    (ACM C(DescribeCertificate)), is C(ISSUED), and covers I(domain_name) when one is given (exact name or a
    one-label wildcard among its domain and subject alternative names).
  - With I(route53_zone_id), checks that the hosted zone exists (Route 53 C(GetHostedZone), nothing is changed) and
    that I(domain_name), the name of the alias record the load balancer layer creates there, is inside the zone.
author:
  - Platform engineering (@platform-ops)
options:
  certificate_arn:
    description:
      - ARN of the ACM certificate for the HTTPS listener (inventory key C(ecs_certificate_arn)).
    type: str
    required: true
  domain_name:
    description:
      - Domain the ALB serves (inventory key C(ecs_domain_name)); when empty the coverage check is skipped.
    type: str
  route53_zone_id:
    description:
      - Hosted zone that gets the alias record of I(domain_name) (inventory key C(ecs_route53_zone_id)); when empty
        the zone is not checked.
    type: str
extends_documentation_fragment:
  - platform_ops.ecs_ec2.preflight
  - platform_ops.ecs_ec2.retries
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
"""

EXAMPLES = r"""
- name: Check the ALB certificate
  platform_ops.ecs_ec2.preflight_certificate_info:
    certificate_arn: "{{ ecs_certificate_arn }}"
    domain_name: "{{ ecs_domain_name | default(omit, true) }}"
    route53_zone_id: "{{ ecs_route53_zone_id | default(omit, true) }}"
    region: "{{ ecs_aws_region }}"
"""

RETURN = r"""
certificate:
  description: What ACM reported (null fields when it could not be read).
  returned: always
  type: dict
  contains:
    arn: {description: The certificate ARN checked., type: str}
    status: {description: ACM status., type: str, sample: ISSUED}
    domain_name: {description: The certificate's main domain., type: str, sample: example.com}
    subject_alternative_names: {description: "All names it covers, sorted.", type: list, elements: str}
    not_after: {description: End of validity., type: str}
    covers_domain: {description: Whether it covers I(domain_name) (null without one)., type: bool}
hosted_zone:
  description: What Route 53 reported of the zone (null fields when it could not be read).
  returned: when route53_zone_id is given
  type: dict
  contains:
    id: {description: The zone ID checked., type: str, sample: Z0123456789ABCDEFGHIJ}
    name: {description: The zone's name (with the trailing dot)., type: str, sample: example.com.}
    private_zone: {description: Whether it is a private zone., type: bool}
    contains_domain: {description: Whether I(domain_name) is the zone's apex or below it., type: bool}
problems:
  description: Every problem found, sorted by key; each has C(key), C(value), C(reason), C(action).
  returned: always
  type: list
  elements: dict
  sample:
    - key: ecs_certificate_arn
      value: arn:aws:acm:us-east-1:123456789012:certificate/0b1c
      reason: the certificate status is PENDING_VALIDATION, not ISSUED
      action: Complete its DNS validation (or renew/re-import it) before deploying the ALB
api_calls:
  description: AWS API calls made, per service (retries included).
  returned: always
  type: dict
  sample: {acm: 1, route53: 1}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils import preflight_checks
from ansible_collections.platform_ops.ecs_ec2.plugins.module_utils.aws import check_argument_spec, run_check


def main():
    spec = check_argument_spec(**preflight_checks.CERTIFICATE)
    module = AnsibleAWSModule(argument_spec=spec, supports_check_mode=True)
    run_check(module, lambda api: preflight_checks.certificate(api, module.params))


if __name__ == "__main__":
    main()
