"""referral: consent-based transnational referral of victims of trafficking."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from referral.config import ROOT, instance_dir, load_config


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, hooks."""
    from referral import wiring
    from referral.core.http import JSONProvider

    app = Flask(
        __name__,
        instance_path=instance_dir(),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    app.json = JSONProvider(app)
    load_config(app, overrides=config)
    wiring.init_extensions(app)
    wiring.register_blueprints(app)
    wiring.register_hooks(app)
    return app
