locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  region     = data.aws_region.current.name

  topic_name = "${var.name_prefix}-alarms"
  topic_arn  = "arn:${local.partition}:sns:${local.region}:${local.account_id}:${local.topic_name}"
  alarm_arns = "arn:${local.partition}:cloudwatch:${local.region}:${local.account_id}:alarm:${var.name_prefix}-*"
  actions    = [aws_sns_topic.this.arn]

  event_rules = {
    deployment_failed = aws_cloudwatch_event_rule.deployment_failed
    spot_interruption = aws_cloudwatch_event_rule.spot_interruption
  }
}
