"""Data plane: requests actually served, on 127.0.0.1, inside the ``serve`` process (emulator/README.md, "Data plane").

- ``stand_in``/``task_servers``: every RUNNING service task gets a small HTTP server standing in for its image;
- ``health_checks``: the ALB's health checks, real GETs to those servers, feed ``control_plane.targets.follow``;
- ``listeners``/``proxy``/``routing``/``balancer``: every ALB listener gets a loopback endpoint that routes by its
  rules and proxies to the healthy targets' servers.

The control plane creates it (``runtime.DataPlane``) when both are on (EMULATOR_DATA_PLANE, ``settings``).
"""
