"""Shared helpers for the boto3 conformance scripts.

Each script is run by the xunit suite as its own process with LINEAGE_ENDPOINT (the emulator's URL) and
LINEAGE_RUN_ID (unique per run, alphanumeric) in the environment. A failed check raises AssertionError with
a message that says what was expected and what came back; the script then exits non-zero.
"""
import datetime
import os
import sys
import time
import traceback
import uuid

import boto3
import botocore.config
from botocore.exceptions import ClientError

ENDPOINT = os.environ["LINEAGE_ENDPOINT"]
RUN = os.environ["LINEAGE_RUN_ID"]
REGION = "us-east-1"
DEFAULT_GROUP_SUFFIX = ":lineage-group/sagemaker-default-lineage-group"


def client(service, account, validate=True):
    # The emulator takes the account id from the access key id (12 digits = the account).
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=account,
        aws_secret_access_key="conformance-secret",
        config=botocore.config.Config(parameter_validation=validate, retries={"max_attempts": 1}),
    )


def sagemaker(account, validate=True):
    return client("sagemaker", account, validate)


def ram(account, validate=True):
    return client("ram", account, validate)


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def eq(actual, expected, what):
    check(actual == expected, f"{what}: expected {expected!r}, got {actual!r}")


def expect_error(code, fn, *args, status=400, exception_class=None, **kwargs):
    """Calls fn and returns the ClientError, asserting its code, HTTP status and (if given) modelled class."""
    try:
        result = fn(*args, **kwargs)
    except ClientError as e:
        eq(e.response["Error"]["Code"], code, f"{fn.__name__} error code")
        eq(e.response["ResponseMetadata"]["HTTPStatusCode"], status, f"{fn.__name__} HTTP status")
        check(e.response["Error"].get("Message"), f"{fn.__name__}: {code} has no message")
        if exception_class is not None:
            check(isinstance(e, exception_class), f"{fn.__name__}: expected {exception_class.__name__}, got {type(e).__name__}")
        return e
    raise AssertionError(f"{fn.__name__}: expected {code}, got success {result!r}")


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


def pages(fn, key, **kwargs):
    """Follows NextToken by hand; returns (items, page count)."""
    items, count, token = [], 0, None
    while True:
        args = dict(kwargs)
        if token:
            args["NextToken"] = token
        page = fn(**args)
        count += 1
        items.extend(page.get(key, []))
        token = page.get("NextToken")
        check(count < 100, f"{fn.__name__}: paging does not end")
        if not token:
            return items, count


def is_time(value, what):
    check(isinstance(value, datetime.datetime) and value.tzinfo is not None,
          f"{what}: expected a timezone-aware datetime, got {value!r}")


def a_while_ago():
    # boto3 serialises timestamps as integer epoch seconds: step back two seconds so truncation keeps
    # entities created from now on strictly after the filter.
    return datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=2)


def missing_artifact_arn(account):
    return f"arn:aws:sagemaker:{REGION}:{account}:artifact/{uuid.uuid4().hex}"


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
