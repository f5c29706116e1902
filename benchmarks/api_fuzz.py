"""Schemathesis against the OpenAPI document, once per role with a real token (issue 7, item 2).

    .venv/bin/python benchmarks/api_fuzz.py                 # full: every role, all phases
    .venv/bin/python benchmarks/api_fuzz.py --quick         # the seeded subset .ci/run runs

A throw-away SQLite database gets the demo data; `referral serve` (waitress) serves it. Each
role's run uses the demo account of that role. The checks are the ones the issue names; any
failure fails the command. The totals printed at the end are the figures in the README.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
ROLES = {
    "caseworker": "caseworker@nl-shelter.demo",
    "coordinator": "coordinator@nl-shelter.demo",
    "receiving_officer": "intake@ng-ngo.demo",
    "lawyer": "lawyer@nl-law.demo",
    "mediator_interpreter": "interpreter@nl-shelter.demo",
    "org_admin": "admin@nl-shelter.demo",
    "platform_admin": "admin@platform.demo",
    "auditor": "auditor@platform.demo",
}
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "ignored_auth",
    )
)


def _referral(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "referral"), *args], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="two roles, seeded, small")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    workdir = tempfile.mkdtemp(prefix="referral-fuzz-")
    from benchmarks.harness import free_port, harness_env, wait_for_port

    env = harness_env(workdir, REFERRAL_INSECURE_DEV="1")
    _referral(env, "db", "upgrade")
    _referral(env, "demo", "load")
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "referral"), "serve", "--port", str(port), "--threads", "8"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(workdir) / "server.log", "w"),  # noqa: SIM115 - lives as long as the server
    )
    url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
    roles = ["caseworker", "receiving_officer"] if args.quick else list(ROLES)
    phases = "examples,coverage" if args.quick else "examples,coverage,fuzzing,stateful"
    examples = "3" if args.quick else "40"
    generated = failures = 0
    try:
        wait_for_port(port)
        for role in roles:
            token = _referral(env, "tokens", "create", ROLES[role]).strip().splitlines()[-1]
            run = subprocess.run(
                [
                    str(BIN / "schemathesis"),
                    "run",
                    url,
                    "-H",
                    f"Authorization: Bearer {token}",
                    "--phases",
                    phases,
                    "-c",
                    CHECKS,
                    "-n",
                    examples,
                    "--seed",
                    str(args.seed),
                    "--no-color",
                ],
                capture_output=True,
                text=True,
                check=False,
            )
            summary = re.search(r"(\d+) generated, (.*)", run.stdout)
            counted = int(summary.group(1)) if summary else 0
            found = re.search(r"found (\d+) unique failures", run.stdout)
            broken = int(found.group(1)) if found else (0 if run.returncode == 0 else 1)
            generated += counted
            failures += broken
            print(f"{role:22} {counted:6} requests generated, {broken} failures")
            if broken:
                print(run.stdout[-4000:])
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(
        f"total: {generated} generated requests, {failures} failures ({phases}; seed {args.seed})"
    )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
