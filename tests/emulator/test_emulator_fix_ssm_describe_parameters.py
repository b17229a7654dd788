"""SSM DescribeParameters MaxResults (ssm-describe-parameters-max-results)."""

import pytest
from botocore.exceptions import ClientError


def put_parameters(server, name: str, count: int) -> list[dict]:
    ssm = server.client("ssm")
    for i in range(count):
        ssm.put_parameter(Name=f"/{name}/p{i:02d}", Value="v", Type="String")
    return [{"Key": "Name", "Option": "BeginsWith", "Values": [f"/{name}/"]}]


def names(page: dict) -> list[str]:
    return [p["Name"] for p in page["Parameters"]]


def test_ssm_describe_parameters_max_results_fixed(fixed, name):
    ssm = fixed.client("ssm")
    filters = put_parameters(fixed, name, 23)
    everything = ssm.describe_parameters(ParameterFilters=filters, MaxResults=50)
    assert len(names(everything)) == 23
    assert "NextToken" not in everything
    first = ssm.describe_parameters(ParameterFilters=filters, MaxResults=3)
    assert len(names(first)) == 3
    second = ssm.describe_parameters(ParameterFilters=filters, MaxResults=3, NextToken=first["NextToken"])
    assert len(names(second)) == 3
    assert not set(names(first)) & set(names(second))
    # paging through with any size returns each parameter exactly once
    seen, token = [], None
    while True:
        kwargs = {"NextToken": token} if token else {}
        page = ssm.describe_parameters(ParameterFilters=filters, MaxResults=7, **kwargs)
        seen += names(page)
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted(names(everything))
    with pytest.raises(ClientError) as error:
        ssm.describe_parameters(ParameterFilters=filters, MaxResults=51)
    assert error.value.response["Error"]["Code"] == "ValidationException"


def test_ssm_describe_parameters_max_results_gap_visible_unfixed(unfixed, name):
    ssm = unfixed.client("ssm")
    filters = put_parameters(unfixed, name, 23)
    assert len(names(ssm.describe_parameters(ParameterFilters=filters, MaxResults=50))) == 10
