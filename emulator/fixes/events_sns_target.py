"""EventBridge rules deliver matched events to an SNS topic target.

moto's ``Rule.send_to_targets`` knows log groups, SQS queues, archives, event buses and API destinations,
and raises NotImplementedError for an SNS topic: PutEvents fails (HTTP 500) and the event reaches no rule
after that one. AWS publishes the event (after any InputTransformer) as the message of the topic, so its
subscribers (an SQS queue, an email address) receive it.
"""

from __future__ import annotations

import json
from typing import Any

from emulator.fixes import Fix, register


def _apply() -> None:
    from moto.core.utils import iso_8601_datetime_without_milliseconds, utcfromtimestamp
    from moto.events.models import EventTemplateParser, Rule
    from moto.sns.models import sns_backends
    from moto.utilities.arns import parse_arn

    original = Rule.send_to_targets

    def send_to_targets(self: Any, event: Any, transform_input: bool = True) -> None:
        topics = [t for t in self.targets if parse_arn(t["Arn"]).service == "sns"]
        if not topics:
            return original(self, event, transform_input)
        if not self.event_pattern.matches_event(event):
            return None
        saved = self.targets
        self.targets = [t for t in saved if t not in topics]  # moto delivers to the others as before
        try:
            original(self, event, transform_input)
        finally:
            self.targets = saved
        for target in topics:
            message: Any = dict(event)
            if isinstance(message.get("time"), (int, float)):
                message["time"] = iso_8601_datetime_without_milliseconds(utcfromtimestamp(message["time"]))
            if transform_input and target.get("InputTransformer"):
                transformer = target["InputTransformer"]
                message = EventTemplateParser.parse(
                    input_template=transformer.get("InputTemplate"),
                    input_paths_map=transformer.get("InputPathsMap", {}),
                    event=event,
                )
            arn = parse_arn(target["Arn"])
            body = message if isinstance(message, str) else json.dumps(message)
            sns_backends[arn.account][arn.region].publish(body, arn=target["Arn"])
        return None

    Rule.send_to_targets = send_to_targets


FIX = register(
    Fix(
        id="events-sns-target",
        gap="an EventBridge rule with an SNS topic target raises NotImplementedError instead of publishing the event",
        symptom="PutEvents answers HTTP 500 and later rules miss the event; a rule that pages through SNS never "
        "pages on the emulator, so a test cannot see it page twice",
        apply=_apply,
    )
)
