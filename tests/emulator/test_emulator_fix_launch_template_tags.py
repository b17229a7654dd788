"""CreateLaunchTemplate tag specifications (ec2-launch-template-tags)."""

INSTANCE_TAGS = {"ResourceType": "instance", "Tags": [{"Key": "Role", "Value": "ecs"}]}


def create(server, name: str) -> tuple[dict, list]:
    ec2 = server.client("ec2")
    template = ec2.create_launch_template(
        LaunchTemplateName=name,
        LaunchTemplateData={
            "ImageId": "ami-12c6146b",
            "InstanceType": "t3.micro",
            "TagSpecifications": [INSTANCE_TAGS],
        },
        TagSpecifications=[{"ResourceType": "launch-template", "Tags": [{"Key": "Name", "Value": name}]}],
    )["LaunchTemplate"]
    data = ec2.describe_launch_template_versions(LaunchTemplateId=template["LaunchTemplateId"])[
        "LaunchTemplateVersions"
    ][0]["LaunchTemplateData"]
    tags = ec2.describe_launch_templates(LaunchTemplateIds=[template["LaunchTemplateId"]])["LaunchTemplates"][0]["Tags"]
    return data, tags


def test_ec2_launch_template_tags_fixed(fixed, name):
    data, tags = create(fixed, name)
    assert data["TagSpecifications"] == [INSTANCE_TAGS]
    assert tags == [{"Key": "Name", "Value": name}]  # the template itself is still tagged


def test_ec2_launch_template_tags_gap_visible_unfixed(unfixed, name):
    data, _dummy = create(unfixed, name)
    assert {"ResourceType": "launch-template", "Tags": [{"Key": "Name", "Value": name}]} in data["TagSpecifications"]


def retag(server, name: str) -> list:
    """Tags changed after creation, as Terraform does when an inventory's tags change."""
    ec2 = server.client("ec2")
    create(server, name)
    template = ec2.describe_launch_templates(LaunchTemplateNames=[name])["LaunchTemplates"][0]["LaunchTemplateId"]
    ec2.create_tags(Resources=[template], Tags=[{"Key": "Owner", "Value": "platform"}])
    ec2.delete_tags(Resources=[template], Tags=[{"Key": "Name"}])
    return ec2.describe_launch_templates(LaunchTemplateIds=[template])["LaunchTemplates"][0].get("Tags", [])


def test_ec2_launch_template_live_tags_fixed(fixed, name):
    assert retag(fixed, name) == [{"Key": "Owner", "Value": "platform"}]


def test_ec2_launch_template_live_tags_gap_visible_unfixed(unfixed, name):
    assert retag(unfixed, name) == [{"Key": "Name", "Value": name}]
