"""Shared helpers for the boto3 conformance scripts.

Each script is run by the xunit suite as its own process with LINEAGE_ENDPOINT (the emulator's URL) and
LINEAGE_RUN_ID (unique per run, alphanumeric) in the environment. A failed check raises AssertionError with
a message that says what was expected and what came back; the script then exits non-zero.
"""
import datetime
import os
import uuid

import boto3
import botocore.config
from botocore.exceptions import ClientError

from checks import check, eq, main, poll, token  # noqa: F401 (re-exported for the scenario scripts)

ENDPOINT = os.environ["LINEAGE_ENDPOINT"]
RUN = os.environ["LINEAGE_RUN_ID"]
REGION = "us-east-1"
DEFAULT_GROUP_SUFFIX = ":lineage-group/sagemaker-default-lineage-group"


def describe_denied(sm, arn, what):
    """True once DescribeArtifact of arn is AccessDeniedException; False while it still succeeds."""
    try:
        sm.describe_artifact(ArtifactArn=arn)
        return False
    except ClientError as e:
        eq(e.response["Error"]["Code"], "AccessDeniedException", what)
        return True


def secret(account):
    """Each account signs with its own secret, the one the strict run's accounts file gives it."""
    return "conformance-secret-" + account


def client(service, account, validate=True):
    # The emulator takes the account id from the access key id (12 digits = the account).
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id=account,
        aws_secret_access_key=secret(account),
        config=botocore.config.Config(parameter_validation=validate, retries={"max_attempts": 1}),
    )


def sagemaker(account, validate=True):
    return client("sagemaker", account, validate)


def ram(account, validate=True):
    return client("ram", account, validate)


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


def pages(fn, key, **kwargs):
    """Follows NextToken by hand; returns (items, page count)."""
    items, count, next_token = [], 0, None
    while True:
        args = dict(kwargs)
        if next_token:
            args["NextToken"] = next_token
        page = fn(**args)
        count += 1
        items.extend(page.get(key, []))
        next_token = page.get("NextToken")
        check(count < 100, f"{fn.__name__}: paging does not end")
        if not next_token:
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


