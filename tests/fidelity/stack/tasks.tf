# bridge: dynamic host ports (hostPort 0), several copies per instance behind an "instance" target group.
resource "aws_ecs_task_definition" "web" {
  family                   = "${var.name}-web"
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = aws_iam_role.task_execution.arn

  container_definitions = jsonencode([
    {
      name              = "web"
      image             = "public.ecr.aws/nginx/nginx:1.27"
      essential         = true
      cpu               = 128
      memoryReservation = 128
      portMappings = [
        { containerPort = 80, hostPort = 0, protocol = "tcp" }
      ]
    }
  ])
}

# host: the container binds the instance's own port 9100, so one copy per instance.
resource "aws_ecs_task_definition" "node_exporter" {
  family                   = "${var.name}-node-exporter"
  network_mode             = "host"
  requires_compatibilities = ["EC2"]
  cpu                      = "128"
  memory                   = "128"

  container_definitions = jsonencode([
    {
      name         = "exporter"
      image        = "quay.io/prometheus/node-exporter:v1.8.2"
      essential    = true
      portMappings = [{ containerPort = 9100, hostPort = 9100 }]
    }
  ])
}

# awsvpc: each task its own ENI, registered by IP in an "ip" target group.
resource "aws_ecs_task_definition" "api" {
  family                   = "${var.name}-api"
  network_mode             = "awsvpc"
  requires_compatibilities = ["EC2"]
  cpu                      = "256"
  memory                   = "256"
  execution_role_arn       = aws_iam_role.task_execution.arn

  container_definitions = jsonencode([
    {
      name         = "api"
      image        = "public.ecr.aws/docker/library/httpd:2.4"
      essential    = true
      portMappings = [{ containerPort = 8080 }]
      environment  = [{ name = "LISTEN_PORT", value = "8080" }]
    }
  ])
}
