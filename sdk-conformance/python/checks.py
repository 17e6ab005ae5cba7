"""Assertions and scenario plumbing shared by the boto3 scripts and the AWS CLI driver scripts (../cli).

No AWS library is imported here: the CLI driver needs only the `aws` program.
"""
import os
import sys
import time
import traceback
import uuid


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def eq(actual, expected, what):
    check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def poll(what, fn, timeout=10.0, interval=0.1):
    """Calls fn until it returns a truthy value; bounded so a stuck state fails instead of hanging."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def token():
    return str(uuid.uuid4())


def main(scenario):
    """Runs a scenario and turns any failure into a non-zero exit with the reason on stderr."""
    try:
        scenario()
    except Exception:  # the assertion message and any unexpected ClientError both belong in the report
        traceback.print_exc()
        print(f"FAILED: {os.path.basename(sys.argv[0])}", file=sys.stderr)
        sys.exit(1)
    print(f"PASSED: {os.path.basename(sys.argv[0])}")
