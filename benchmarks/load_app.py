"""The app as gunicorn serves it in the load benchmark, plus one bare JSON endpoint.

The bare endpoint runs through the same WSGI stack, workers and request hooks (headers,
request id) with no database work: the baseline the other figures are divided by.
"""

from __future__ import annotations

from flask import jsonify

from referral import create_app
from referral.core.policy import PUBLIC, policy, public

app = create_app()


@app.get("/bench/bare")
@policy(PUBLIC)
def bare() -> object:
    public()
    return jsonify(ok=True)
