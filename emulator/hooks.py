"""Extension point for code that runs inside the ``serve`` process after the WSGI app is built.

A post-app hook receives the app and may return a replacement (a WSGI middleware around it) or None to
keep it. The control-plane simulation (``emulator.control_plane``) registers one that starts its
background thread and wraps the app with its fault API; the server only loads the built-in hook
modules listed here and knows nothing else about them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

PostAppHook = Callable[[Any], Any]

BUILTIN_HOOK_MODULES = ("emulator.control_plane",)

_POST_APP_HOOKS: list[PostAppHook] = []


def register_post_app_hook(hook: PostAppHook) -> PostAppHook:
    if hook not in _POST_APP_HOOKS:
        _POST_APP_HOOKS.append(hook)
    return hook


def load_builtin_hooks() -> None:
    for module in BUILTIN_HOOK_MODULES:
        importlib.import_module(module)  # each registers its hooks on import


def run_post_app_hooks(app: Any) -> Any:
    for hook in list(_POST_APP_HOOKS):
        replacement = hook(app)
        if replacement is not None:
            app = replacement
    return app
