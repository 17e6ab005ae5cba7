"""Drives the `aws` program (AWS CLI) for the conformance scenarios: one process per call, JSON output,
exit code and stderr checked. Run by the xunit suite with LINEAGE_ENDPOINT and LINEAGE_RUN_ID set."""
import json
import os
import re
import subprocess
import sys
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from checks import check, eq, main, poll, token  # noqa: E402,F401 (re-exported for the scenario scripts)

ENDPOINT = os.environ["LINEAGE_ENDPOINT"]
RUN = os.environ["LINEAGE_RUN_ID"]
REGION = "us-east-1"
# AWS CLI v1 exits 255 on a service error (v2: 254) and prints the code in a fixed sentence.
ERROR_EXIT_CODES = (254, 255)
ERROR_LINE = re.compile(r"An error occurred \(([A-Za-z]+)\) when calling the ([A-Za-z]+) operation: (.+)")


def _args(params):
    args = []
    for name, value in params.items():
        flag = "--" + name.replace("_", "-")
        if value is True:
            args.append(flag)
        elif value is False:
            args.append("--no-" + flag[2:])
        elif isinstance(value, str):
            args += [flag, value]
        else:
            args += [flag, json.dumps(value)]
    return args


def _run(account, service, operation, params, extra):
    # An operation may be two words: "wait endpoint-in-service".
    command = ["aws", "--endpoint-url", ENDPOINT, "--region", REGION, "--output", "json", service, *operation.split(),
               *_args(params), *extra]
    env = dict(os.environ, AWS_ACCESS_KEY_ID=account, AWS_SECRET_ACCESS_KEY="conformance-secret-" + account)
    print(f"[{account}] aws {service} {' '.join(command[8:])}", flush=True)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def aws(account, service, operation, *extra, **params):
    """Runs one CLI call that must succeed; returns its parsed JSON output ({} when it prints nothing)."""
    p = _run(account, service, operation, params, extra)
    check(p.returncode == 0, f"aws {service} {operation}: exit {p.returncode}\nstderr: {p.stderr}\nstdout: {p.stdout}")
    return json.loads(p.stdout) if p.stdout.strip() else {}


def aws_error(code, account, service, operation, *extra, **params):
    """Runs one CLI call that must fail with the given error code; returns the error message."""
    p = _run(account, service, operation, params, extra)
    check(p.returncode in ERROR_EXIT_CODES,
          f"aws {service} {operation}: expected {code} (exit 255), got exit {p.returncode}\nstdout: {p.stdout}\nstderr: {p.stderr}")
    m = ERROR_LINE.search(p.stderr)
    check(m is not None, f"aws {service} {operation}: no error sentence in stderr: {p.stderr}")
    eq(m.group(1), code, f"aws {service} {operation} error code")
    eq(p.stdout.strip(), "", f"aws {service} {operation} stdout on error")
    return m.group(3)


def is_epoch(value, what):
    # CLI v1 prints timestamps exactly as they came over the wire (cli_timestamp_format "none"): numbers here.
    check(isinstance(value, (int, float)) and value > 1.5e9, f"{what}: expected epoch seconds, got {value!r}")


def missing_artifact_arn(account):
    return f"arn:aws:sagemaker:{REGION}:{account}:artifact/{uuid.uuid4().hex}"
