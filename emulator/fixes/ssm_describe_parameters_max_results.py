"""SSM DescribeParameters honours MaxResults (1-50), as AWS does.

moto always answers pages of 10 whatever MaxResults says, so a caller that asks for 50 to list a
service's parameters in one call sees only the first 10 (and one that pages with MaxResults=1 gets 10).
AWS returns at most MaxResults items per page and refuses values outside 1-50 with a ValidationException.
Without MaxResults the page size stays 10.
"""

from __future__ import annotations

from typing import Any

from emulator.fixes import Fix, register

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 50


def page(items: list[Any], token: str | None, size: int) -> tuple[list[Any], str | None]:
    start = int(token.strip()) if token and token.strip() else 0
    chunk = items[start : start + size]
    more = start + size < len(items)
    return chunk, str(start + size) if more else None


def _apply() -> None:
    from moto.core.responses import ActionResult
    from moto.ssm.exceptions import ValidationException
    from moto.ssm.responses import SimpleSystemManagerResponse

    def describe_parameters(self: Any) -> ActionResult:
        max_results = self._get_param("MaxResults")
        size = DEFAULT_PAGE_SIZE if max_results is None else int(max_results)
        if size < 1 or size > MAX_PAGE_SIZE:
            bound = "greater than or equal to 1" if size < 1 else f"less than or equal to {MAX_PAGE_SIZE}"
            raise ValidationException(
                f"1 validation error detected: Value '{size}' at 'maxResults' failed to satisfy constraint: "
                f"Member must have value {bound}"
            )
        found = self.ssm_backend.describe_parameters(self._get_param("Filters"), self._get_param("ParameterFilters"))
        chunk, next_token = page(found, self._get_param("NextToken"), size)
        response: dict[str, Any] = {"Parameters": [p.describe_response_object(False) for p in chunk]}
        if next_token:
            response["NextToken"] = next_token
        return ActionResult(response)

    SimpleSystemManagerResponse.describe_parameters = describe_parameters


FIX = register(
    Fix(
        id="ssm-describe-parameters-max-results",
        gap="SSM DescribeParameters ignores MaxResults and always answers pages of 10",
        symptom="a caller asking for up to 50 parameters per call sees only 10 (and no error for MaxResults > 50)",
        apply=_apply,
    )
)
