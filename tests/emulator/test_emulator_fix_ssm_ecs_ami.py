"""SSM ECS-optimized AMI public parameters (ssm-ecs-optimized-ami)."""

import json

import pytest

# Amazon Linux 2023 is the default of ecs_ami_ssm_parameter; Amazon Linux 2 stays selectable.
PARAMETERS = [
    "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended",
    "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended",
]


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_ssm_ecs_optimized_ami_fixed(fixed, parameter):
    value = json.loads(fixed.client("ssm").get_parameter(Name=parameter)["Parameter"]["Value"])
    assert value["image_id"].startswith("ami-")
    ec2 = fixed.client("ec2")
    images = ec2.describe_images(Owners=["amazon"], ImageIds=[value["image_id"]])["Images"]
    assert len(images) == 1
    assert images[0]["Name"] == value["image_name"]
    assert images[0]["Architecture"] == "x86_64"
    assert images[0]["Name"].startswith(("amzn2-ami-ecs-hvm-2.0.", "al2023-ami-ecs-hvm-2023."))
    # the image_id sub-parameter names the same image
    assert fixed.client("ssm").get_parameter(Name=parameter + "/image_id")["Parameter"]["Value"] == value["image_id"]


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_ssm_ecs_optimized_ami_other_region_fixed(fixed, parameter):
    """The named image exists in the parameter's own region too (eu-west-1: the dev and prod inventories)."""
    ssm, ec2 = fixed.client("ssm", "eu-west-1"), fixed.client("ec2", "eu-west-1")
    value = json.loads(ssm.get_parameter(Name=parameter)["Parameter"]["Value"])
    image = ec2.describe_images(ImageIds=[ssm.get_parameter(Name=parameter + "/image_id")["Parameter"]["Value"]])
    assert image["Images"][0]["ImageOwnerAlias"] == "amazon"
    assert image["Images"][0]["Name"] == value["image_name"]


@pytest.mark.parametrize("parameter", PARAMETERS)
def test_ssm_ecs_optimized_ami_gap_visible_unfixed(unfixed, parameter):
    value = unfixed.client("ssm").get_parameter(Name=parameter)["Parameter"]["Value"]
    with pytest.raises(json.JSONDecodeError):
        json.loads(value)
    assert value.startswith("{'")  # a Python repr
