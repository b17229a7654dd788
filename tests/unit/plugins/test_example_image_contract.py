"""The demo inventory's images meet the application image contract (docs/design.md) with the task definition rendered.

Facts per image, read from the image's own README and Dockerfile (github.com/traefik/whoami, nginxinc/docker-nginx,
docker-library/httpd): the variable that sets its port and its default, the paths answered 200, whether it writes
files, whether its Dockerfile sets a USER. nginx and httpd are the images the demo shipped before: port 80, only "/".
"""

from pathlib import Path

import yaml

LOCAL = Path(__file__).resolve().parents[3] / "inventories" / "local" / "group_vars" / "all" / "main.yml"
IMAGES = {
    "traefik/whoami": dict(port_env="WHOAMI_PORT_NUMBER", default_port=80, answers_200=lambda path: True,
                           writes=False, image_user=None),
    "public.ecr.aws/nginx/nginx": dict(port_env=None, default_port=80, answers_200=lambda path: path == "/",
                                       writes=True, image_user=None),
    "public.ecr.aws/docker/library/httpd": dict(port_env=None, default_port=80, answers_200=lambda path: path == "/",
                                                writes=True, image_user=None),
}


def facts(image):
    repository = image.rsplit(":", 1)[0] if ":" in image.rsplit("/", 1)[-1] else image
    return IMAGES.get(repository)


def test_every_demo_service_serves_its_health_path_on_its_port():
    services = yaml.safe_load(LOCAL.read_text())["ecs_services"]
    for s in services:
        known = facts(s["image"])
        assert known, f"{s['name']}: {s['image']} has no verified facts; its port and health path are unknown"
        port = int(s.get("environment", {}).get(known["port_env"] or "", known["default_port"]))
        assert port == s["container_port"], f"{s['name']}: the image listens on {port}, not {s['container_port']}"
        assert known["answers_200"](s.get("health_check_path", "/health")), f"{s['name']}: health path not served"
        assert not known["writes"] or s.get("readonly_root_filesystem") is False
        user = s.get("user") or known["image_user"]
        assert user and user.split(":")[0] not in ("0", "root"), f"{s['name']}: would run as root"
