"""CloudWatch metric alarms evaluated once per simulated minute, with their actions.

moto stores alarms and never evaluates them. Here every metric alarm of every account/region is evaluated
against the control plane's metrics (``metrics.py``) after each minute's sample:

- a single metric (namespace, name, exact dimensions, statistic or pNN, period = k minutes), or metric
  queries whose returned query is a metric or an arithmetic expression over query ids (+ - * / parentheses,
  numbers); a period with a missing operand has no datapoint. Other expressions leave the alarm as it is
  (listed in GET /_emulator/notifications under ``unsupported``);
- only complete periods count; the evaluation range is EvaluationPeriods + 2 periods (AWS retrieves "more
  datapoints than the evaluation periods" without saying how many: an assumption);
- AWS's missing-data rules: with at least N real datapoints in the range the most recent N decide and
  TreatMissingData plays no part; with fewer, ``breaching`` / ``notBreaching`` fill the missing ones up to N,
  ``missing`` goes INSUFFICIENT_DATA when the range holds no datapoint (else the real ones decide, ALARM when
  at least min(M, real) breach), ``ignore`` keeps the current state; M of N = DatapointsToAlarm of
  EvaluationPeriods.

On a state change the moto alarm is updated (StateValue, StateReason, StateReasonData, timestamp, history)
and, when ActionsEnabled, the new state's actions run: an SNS topic gets AWS's alarm notification JSON
(so an SQS queue subscribed to it receives it, in the SNS envelope). An alarm created INSUFFICIENT_DATA
that becomes OK does notify its OKActions, as AWS does. Every notification is logged.
"""

from __future__ import annotations

import ast
import json
import math
import sys
from datetime import UTC, datetime
from typing import Any

from emulator.control_plane import backends, notify
from emulator.control_plane.metrics import Metrics, key

EXTRA_RANGE_PERIODS = 2
OPERATORS = {
    "GreaterThanThreshold": (lambda v, t: v > t, "greater than"),
    "GreaterThanOrEqualToThreshold": (lambda v, t: v >= t, "greater than or equal to"),
    "LessThanThreshold": (lambda v, t: v < t, "less than"),
    "LessThanOrEqualToThreshold": (lambda v, t: v <= t, "less than or equal to"),
}
REGION_NAMES = {
    "us-east-1": "US East (N. Virginia)",
    "us-east-2": "US East (Ohio)",
    "us-west-1": "US West (N. California)",
    "us-west-2": "US West (Oregon)",
    "eu-west-1": "EU (Ireland)",
    "eu-west-2": "EU (London)",
    "eu-west-3": "EU (Paris)",
    "eu-central-1": "EU (Frankfurt)",
    "eu-north-1": "EU (Stockholm)",
    "ap-southeast-1": "Asia Pacific (Singapore)",
    "ap-southeast-2": "Asia Pacific (Sydney)",
    "ap-northeast-1": "Asia Pacific (Tokyo)",
}
NOTIFICATION_LOG_LIMIT = 1000


class Unsupported(Exception):
    """An alarm this evaluator cannot compute; it keeps its state."""


# ---- metric math --------------------------------------------------------------------------------
def evaluate_expression(expression: str, values: dict[str, float]) -> float | None:
    """Arithmetic over query ids; None when an operand is missing or a division by zero occurs."""
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as exc:
        raise Unsupported(f"expression {expression!r} is not arithmetic over query ids") from exc

    def walk(node: ast.AST) -> float | None:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in values:
                return None
            return values[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            operand = walk(node.operand)
            return None if operand is None else (-operand if isinstance(node.op, ast.USub) else operand)
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
            left, right = walk(node.left), walk(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            return None if right == 0 else left / right
        raise Unsupported(f"expression {expression!r} is not arithmetic over query ids (+ - * / numbers)")

    return walk(tree)


def expression_names(expression: str) -> set[str]:
    try:
        return {n.id for n in ast.walk(ast.parse(expression.strip(), mode="eval")) if isinstance(n, ast.Name)}
    except SyntaxError:
        return set()


# ---- statistics ---------------------------------------------------------------------------------
def statistic(samples: list[float], stat: str) -> float:
    if stat == "Sum":
        return sum(samples)
    if stat == "Minimum":
        return min(samples)
    if stat == "Maximum":
        return max(samples)
    if stat == "SampleCount":
        return float(len(samples))
    if stat == "Average":
        return sum(samples) / len(samples)
    if stat.startswith("p"):
        ordered = sorted(samples)
        rank = max(1, math.ceil(float(stat[1:]) / 100 * len(ordered)))
        return ordered[min(rank, len(ordered)) - 1]
    raise Unsupported(f"statistic {stat!r}")


def period_minutes(period: Any) -> int:
    return max(1, int(float(period or 60)) // 60)


def aggregate(points: dict[int, list[float]], minutes: int, stat: str) -> dict[int, float]:
    """Per period index (minute // k): the statistic of the samples in that period."""
    buckets: dict[int, list[float]] = {}
    for minute, samples in points.items():
        buckets.setdefault(minute // minutes, []).extend(samples)
    return {index: statistic(samples, stat) for index, samples in buckets.items()}


def truthy(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


# ---- evaluation ---------------------------------------------------------------------------------
class Alarms:
    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics
        self.notifications: list[dict[str, Any]] = []
        self.unsupported: dict[str, str] = {}
        self.evaluations = 0

    def evaluate_all(self, minute: int) -> None:
        from moto.cloudwatch.models import cloudwatch_backends

        for account, region, backend in backends.existing(cloudwatch_backends):
            for alarm in list(backend.alarms.values()):
                if alarm.rule is not None:  # composite alarms are not evaluated
                    continue
                try:
                    self.evaluate(account, region, alarm, minute)
                    self.unsupported.pop(alarm.alarm_arn, None)
                except Exception as exc:  # Unsupported, or a configuration moto stored oddly: the others go on
                    if alarm.alarm_arn not in self.unsupported:
                        print(f"control plane: alarm {alarm.name} not evaluated: {exc!r}", file=sys.stderr, flush=True)
                    self.unsupported[alarm.alarm_arn] = str(exc)
        self.evaluations += 1

    def series(self, account: str, region: str, alarm: Any) -> tuple[dict[int, float], int]:
        """The alarm's datapoints per period index, and the period in minutes."""
        if not alarm.metric_data_queries:
            dims = {d.name: d.value for d in alarm.dimensions}
            points = self.metrics.datapoints(key(account, region, alarm.namespace, alarm.metric_name, dims))
            minutes = period_minutes(alarm.period)
            return aggregate(points, minutes, alarm.extended_statistic or alarm.statistic or "Average"), minutes
        queries = {q.id: q for q in alarm.metric_data_queries}
        stats = [q for q in alarm.metric_data_queries if q.metric_stat is not None]
        minutes = period_minutes(stats[0].metric_stat.period if stats else alarm.period)
        resolved: dict[str, dict[int, float]] = {}
        for query in stats:
            metric = query.metric_stat.metric
            dims = {d.name: d.value for d in metric.dimensions}
            points = self.metrics.datapoints(key(account, region, metric.namespace, metric.metric_name, dims))
            resolved[query.id] = aggregate(points, minutes, query.metric_stat.stat or "Average")
        pending = [q for q in alarm.metric_data_queries if q.metric_stat is None]
        while pending:
            ready = [q for q in pending if expression_names(q.expression or "") <= set(resolved)]
            if not ready:
                raise Unsupported(f"queries {[q.id for q in pending]} reference unknown ids or functions")
            for query in ready:
                operands = expression_names(query.expression or "")
                indexes = set.intersection(*(set(resolved[n]) for n in operands)) if operands else set()
                result = {}
                for index in indexes:
                    value = evaluate_expression(query.expression, {n: resolved[n][index] for n in operands})
                    if value is not None:
                        result[index] = value
                resolved[query.id] = result
                pending.remove(query)
        returned = [q for q in alarm.metric_data_queries if truthy(q.return_data)] or [alarm.metric_data_queries[0]]
        return resolved[queries[returned[0].id].id], minutes

    def evaluate(self, account: str, region: str, alarm: Any, minute: int) -> None:
        if alarm.comparison_operator not in OPERATORS:
            raise Unsupported(f"comparison operator {alarm.comparison_operator!r}")
        compare, words = OPERATORS[alarm.comparison_operator]
        threshold = float(alarm.threshold)
        series, minutes = self.series(account, region, alarm)
        n = max(1, int(alarm.evaluation_periods or 1))
        m = min(n, max(1, int(alarm.datapoints_to_alarm or n)))
        last_complete = (minute + 1) // minutes - 1
        window = [last_complete - i for i in range(n + EXTRA_RANGE_PERIODS)]  # newest first
        real = [(index, series[index]) for index in window if index in series]
        treat = alarm.treat_missing_data or "missing"
        shown = real[:n]
        filled = 0
        if len(real) >= n:
            breaches = sum(1 for _dummy, v in shown if compare(v, threshold))
            new_state = "ALARM" if breaches >= m else "OK"
        elif treat in ("breaching", "notBreaching"):
            filled = n - len(real)
            breaches = sum(1 for _dummy, v in real if compare(v, threshold)) + (filled if treat == "breaching" else 0)
            new_state = "ALARM" if breaches >= m else "OK"
        elif treat == "ignore":
            return
        elif not real:
            new_state, breaches = "INSUFFICIENT_DATA", 0
        else:
            breaches = sum(1 for _dummy, v in real if compare(v, threshold))
            new_state = "ALARM" if breaches >= min(m, len(real)) else "OK"
        if new_state == alarm.state_value:
            return
        reason = self.reason(new_state, alarm.state_value, shown, breaches, filled, treat, words, threshold, m, n)
        data = {
            "version": "1.0",
            "period": minutes * 60,
            "threshold": threshold,
            "evaluatedDatapoints": [{"periodIndex": i, "value": v} for i, v in shown],
            "recentDatapoints": [v for _dummy, v in shown],
        }
        self.transition(account, region, alarm, new_state, reason, data)

    @staticmethod
    def reason(
        new: str, old: str, shown: list, breaches: int, filled: int, treat: str, words: str, threshold: float,
        m: int, n: int,
    ) -> str:
        if new == "INSUFFICIENT_DATA":
            return f"Insufficient Data: {n} datapoint{'s were' if n > 1 else ' was'} unknown."
        values = ", ".join(f"{v}" for _dummy, v in shown)
        if new == "ALARM":
            text = f"Threshold Crossed: {breaches - (filled if treat == 'breaching' else 0)} out of the last {n} "
            text += f"datapoints [{values}] were {words} the threshold ({threshold})"
            if filled and treat == "breaching":
                text += f" and {filled} missing datapoints were treated as [Breaching]"
            return text + f" (minimum {m} datapoints for {old} -> ALARM transition)."
        text = f"Threshold Crossed: {n - breaches - (filled if treat == 'notBreaching' else 0)} out of the last {n} "
        text += f"datapoints [{values}] were not {words} the threshold ({threshold})"
        if filled and treat == "notBreaching":
            text += f" and {filled} missing datapoints were treated as [NonBreaching]"
        return text + f" (maximum {m - 1} breaching datapoints for {old} -> OK transition)."

    def transition(self, account: str, region: str, alarm: Any, new: str, reason: str, data: dict) -> None:
        old = alarm.state_value
        alarm.update_state(reason, json.dumps(data), new)  # moto keeps the previous state as a history item
        changed_at = datetime.now(UTC)
        actions = {"ALARM": alarm.alarm_actions, "OK": alarm.ok_actions}.get(new, alarm.insufficient_data_actions)
        targets = list(actions or []) if alarm.actions_enabled else []
        message = self.message(account, region, alarm, old, new, reason, changed_at)
        entry: dict[str, Any] = {
            "time": notify.iso_millis(changed_at),
            "account": account,
            "region": region,
            "alarm_name": alarm.name,
            "alarm_arn": alarm.alarm_arn,
            "old_state": old,
            "new_state": new,
            "reason": reason,
            "actions": targets,
            "published": [],
            "not_simulated": [],
        }
        subject = f'{new}: "{alarm.name}" in {REGION_NAMES.get(region, region)}'[:100]
        for arn in targets:
            parts = arn.split(":")
            if len(parts) >= 6 and parts[2] == "sns":
                try:
                    from moto.sns.models import sns_backends

                    sns_backends[parts[4]][parts[3]].publish(json.dumps(message), arn=arn, subject=subject)
                    entry["published"].append(arn)
                except Exception as exc:  # a missing topic must not stop the evaluation of other alarms
                    entry["not_simulated"].append(f"{arn}: {exc!r}")
            else:
                entry["not_simulated"].append(arn)
        self.notifications.append(entry)
        del self.notifications[:-NOTIFICATION_LOG_LIMIT]

    @staticmethod
    def message(account: str, region: str, alarm: Any, old: str, new: str, reason: str, at: datetime) -> dict:
        """AWS's alarm notification JSON (the SNS Message)."""
        stamp = at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}+0000"
        trigger: dict[str, Any] = {
            "Period": int(float(alarm.period or 60)) if not alarm.metric_data_queries else None,
            "EvaluationPeriods": int(alarm.evaluation_periods or 1),
            "DatapointsToAlarm": int(alarm.datapoints_to_alarm or alarm.evaluation_periods or 1),
            "ComparisonOperator": alarm.comparison_operator,
            "Threshold": float(alarm.threshold),
            "TreatMissingData": alarm.treat_missing_data or "missing",
            "EvaluateLowSampleCountPercentile": alarm.evaluate_low_sample_count_percentile or "",
        }
        if alarm.metric_data_queries:
            trigger.pop("Period")
            trigger["Metrics"] = [query_json(q) for q in alarm.metric_data_queries]
        else:
            trigger.update(
                {
                    "MetricName": alarm.metric_name,
                    "Namespace": alarm.namespace,
                    "StatisticType": "ExtendedStatistic" if alarm.extended_statistic else "Statistic",
                    "Statistic": (alarm.extended_statistic or alarm.statistic or "").upper(),
                    "Unit": alarm.unit,
                    "Dimensions": [{"value": d.value, "name": d.name} for d in alarm.dimensions],
                }
            )
        configured = alarm.configuration_updated_timestamp
        return {
            "AlarmName": alarm.name,
            "AlarmDescription": alarm.description,
            "AWSAccountId": account,
            "AlarmConfigurationUpdatedTimestamp": configured.isoformat() if configured else None,
            "NewStateValue": new,
            "NewStateReason": reason,
            "StateChangeTime": stamp,
            "Region": REGION_NAMES.get(region, region),
            "AlarmArn": alarm.alarm_arn,
            "OldStateValue": old,
            "OKActions": list(alarm.ok_actions or []),
            "AlarmActions": list(alarm.alarm_actions or []),
            "InsufficientDataActions": list(alarm.insufficient_data_actions or []),
            "Trigger": trigger,
        }

    def describe(self) -> dict[str, Any]:
        return {"notifications": list(self.notifications), "unsupported": dict(self.unsupported)}


def query_json(query: Any) -> dict[str, Any]:
    item: dict[str, Any] = {"Id": query.id, "ReturnData": truthy(query.return_data)}
    if query.label:
        item["Label"] = query.label
    if query.expression:
        item["Expression"] = query.expression
    if query.metric_stat is not None:
        metric = query.metric_stat.metric
        item["MetricStat"] = {
            "Metric": {
                "Dimensions": [{"value": d.value, "name": d.name} for d in metric.dimensions],
                "MetricName": metric.metric_name,
                "Namespace": metric.namespace,
            },
            "Period": int(float(query.metric_stat.period or 60)),
            "Stat": query.metric_stat.stat,
        }
    return item
