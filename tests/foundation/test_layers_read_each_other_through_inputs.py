"""site.yml plans every layer ahead and applies a layer's saved plan when its input variables are still those it was
planned with (roles/terraform_layer/tasks/plan_all.yml). That is sound only while a layer learns about the others
through its variables alone: no data source may read what another layer manages (its plan would go stale when an
earlier layer is applied in the same run, with equal inputs). Every data source must be of a kind no layer manages."""

import glob
import os

from tests.helpers import ROOT, hcl_one, parse_hcl

# Account, region and partition facts, policy documents rendered locally, AWS's public AMI parameter, the
# provider's own default tags: nothing any layer creates or changes.
OUTSIDE_EVERY_LAYER = {"aws_caller_identity", "aws_region", "aws_partition", "aws_iam_policy_document",
                       "aws_ssm_parameter", "aws_default_tags", "aws_availability_zones"}


def test_no_data_source_reads_what_a_layer_manages():
    paths = sorted(glob.glob(os.path.join(ROOT, "terraform", "layers", "*", "*.tf"))
                   + glob.glob(os.path.join(ROOT, "terraform", "modules", "*", "*.tf")))
    found = {}
    for path, doc in parse_hcl(paths).items():
        for block in doc.get("data") or []:
            for kind, named in block.items():
                for name, body in named.items():
                    found["%s: data.%s.%s" % (os.path.relpath(path, ROOT), kind, name)] = (kind, body)
    assert found, "no data source found at all: the parser read nothing"
    foreign = sorted(where for where, (kind, _dummy) in found.items() if kind not in OUTSIDE_EVERY_LAYER)
    assert not foreign, ("data sources that may read another layer's resources (pass the value as an input "
                         "variable wired from that layer's outputs instead): %s" % foreign)
    # The one SSM parameter read is AWS's public ECS AMI, never a parameter a layer writes.
    ssm = [body for kind, body in found.values() if kind == "aws_ssm_parameter"]
    for body in ssm:
        assert str(hcl_one(body.get("name"))).startswith(("/aws/service/", "${var.")), body
