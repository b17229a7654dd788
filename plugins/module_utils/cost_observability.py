# -*- coding: utf-8 -*-
# Copyright: (c) 2026, Platform engineering
# Apache License 2.0 (see LICENSE)
"""Observability's share of the floor, and the small monthly items beside it: CloudWatch Logs, Container Insights,
alarms, KMS keys and Route 53 hosted zones."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ObservabilityCosts:
    """Mixed into cost_floor.Floor (uses its of, add, prices and opt)."""

    def observability(self):
        groups = self.of("aws_cloudwatch_log_group")
        if groups:
            gb = self.opt.log_ingestion_gb_per_month
            self.add("CloudWatch Logs ingestion", "%d log group(s) x %s GB/month (estimate)" % (len(groups), gb),
                     len(groups) * gb, "GB", self.prices.unit("logs_ingestion_gb"), [g.address for g in groups])
            for g in groups:
                days = g.values.get("retention_in_days") or 0
                months = days / 30.0 if days else float(self.opt.log_storage_never_expire_months)
                self.add("CloudWatch Logs storage", "%s: %s GB/month kept %s" % (
                    g.values.get("name") or g.address, gb, ("%d days" % days) if days else "forever (12 months)"),
                    gb * months, "GB-month", self.prices.unit("logs_storage_gb_month"), [g.address])
        self._container_insights()
        alarms = self.of("aws_cloudwatch_metric_alarm")
        standard, high = [], []
        for alarm in alarms:
            queries = alarm.values.get("metric_query") or []
            metrics = [q for q in queries if q.get("metric")]
            periods = [(q["metric"][0] or {}).get("period") for q in metrics] or [alarm.values.get("period")]
            target = high if any(p and p < 60 for p in periods) else standard
            target.append((alarm, max(len(metrics), 1)))
        for label, found, key in (("standard resolution", standard, "alarm_metric_month"),
                                  ("high resolution", high, "alarm_high_resolution_metric_month")):
            if found:
                metrics = sum(n for _a, n in found)
                math_alarms = sum(1 for _a, n in found if n > 1)
                self.add("CloudWatch alarms", "%d %s alarm(s), %d metric(s)%s" % (
                    len(found), label, metrics, (" (%d metric-math alarm(s) priced per metric)" % math_alarms)
                    if math_alarms else ""), metrics, "alarm-metric-months", self.prices.unit(key),
                    [a.address for a, _n in found])
        keys = self.of("aws_kms_key")
        if keys:
            self.add("KMS keys", "%d customer managed key(s)" % len(keys), len(keys), "key-months",
                     self.prices.unit("kms_key_month"), [k.address for k in keys])
        zones = self.of("aws_route53_zone")
        if zones:
            self.add("Route 53 hosted zones", "%d hosted zone(s)" % len(zones), len(zones), "zone-months",
                     self.prices.unit("route53_zone_month"), [z.address for z in zones])
        self._record_zones(zones)

    def _record_zones(self, zones):
        """A zone that exists outside the plans but holds their records (the ALB's alias) is part of the floor too.
        A record in a zone the plans create has an unknown zone_id at plan time, or that zone's ID in a state."""
        created = set(z.values.get("zone_id") or z.values.get("id") for z in zones)
        held = {}
        for record in self.of("aws_route53_record"):
            zone_id = record.values.get("zone_id")
            if zone_id and zone_id not in created:
                held.setdefault(zone_id, []).append(record.address)
        if held:
            self.add("Route 53 hosted zones", "%d existing zone(s) with the records: %s" % (
                len(held), ", ".join(sorted(held))), len(held), "zone-months",
                self.prices.unit("route53_zone_month"), [a for addresses in held.values() for a in addresses])

    def _container_insights(self):
        clusters = []
        for cluster in self.of("aws_ecs_cluster"):
            settings = cluster.values.get("setting") or []
            mode = next((s.get("value") for s in settings if s.get("name") == "containerInsights"), "disabled")
            if mode in ("enabled", "enhanced"):
                clusters.append((cluster, mode))
        if not clusters:
            return
        all_clusters = self.of("aws_ecs_cluster")
        services = []
        names = [c.values.get("name") for c, _mode in clusters if c.values.get("name")]
        for svc in self.of("aws_ecs_service"):
            # A service names its cluster by ARN or name; with a single cluster in the plans it can only be that one.
            ref = svc.values.get("cluster") or ""
            if len(all_clusters) == 1 or any(ref == n or ref.endswith("/" + n) for n in names):
                services.append(svc)
        families = set(t.values.get("family") for t in self.of("aws_ecs_task_definition"))
        families.discard(None)
        metrics = (len(clusters) * self.opt.container_insights_metrics_per_cluster
                   + len(services) * self.opt.container_insights_metrics_per_service
                   + len(families) * self.opt.container_insights_metrics_per_task_family)
        enhanced = any(m == "enhanced" for _c, m in clusters)
        self.add("Container Insights", "%d cluster(s), %d service(s), %d task famil(ies): metrics (estimate%s)" % (
            len(clusters), len(services), len(families), "; enhanced adds task/container metrics" if enhanced else ""),
            metrics, "metric-months", self.prices.unit("cloudwatch_metric_month"),
            [c.address for c, _m in clusters] + [s.address for s in services])
        if services:
            gb = len(services) * self.opt.container_insights_log_gb_per_month_per_service
            self.add("Container Insights", "performance log events, %s GB/month per service (estimate)"
                     % self.opt.container_insights_log_gb_per_month_per_service, gb, "GB",
                     self.prices.unit("logs_ingestion_gb"), [s.address for s in services])
