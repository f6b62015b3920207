"""Call a Prism mock of the spec through a client that openapi-python-client generated from it.

tests/prism/run.sh generates the client package `toast_compute_instance_client`, puts it on
PYTHONPATH and sets PRISM_URL. Prism rejects an invalid request with a 4xx status, such as 422
for an invalid body or 401 without a token, so every call here must get HTTP 200 and decode to
the values of the spec's response examples.
"""

import os
import sys
from typing import Any

from toast_compute_instance_client import AuthenticatedClient
from toast_compute_instance_client.api.availability_zones import list_availability_zones
from toast_compute_instance_client.api.instance_actions import perform_instance_action
from toast_compute_instance_client.api.instances import create_instance
from toast_compute_instance_client.api.keypairs import create_keypair
from toast_compute_instance_client.models import (
    CreateInstanceRequest,
    CreateKeypairRequest,
    InstanceStatus,
    NetworkRef,
    NewInstance,
    NewInstanceVolume,
    NewKeypair,
    RebootAction,
    RebootActionAction,
    RebootParameters,
    RebootType,
    SecurityGroupRef,
)
from toast_compute_instance_client.types import Response

APPKEY = "Y2xpZW50LWFwcGtleQ"
TOKEN = "8f1c3a2e5b7d4c09a6e2f4b8d1c7e3a5"
INSTANCE_ID = "3b9f6c1e-2d4a-4f8b-9c7e-5a1d2b3c4e5f"


class CheckFailed(Exception):
    """A call was rejected or decoded to an unexpected value."""


def expect_equal(label: str, actual: Any, expected: Any) -> None:
    """Raise CheckFailed unless `actual` equals `expected` and has the same type."""
    if type(actual) is not type(expected) or actual != expected:
        raise CheckFailed(f"{label}: expected {expected!r}, got {actual!r}")


def parsed_body(operation: str, response: Response[Any]) -> Any:
    """Return the decoded body of a successful response, with its header checked."""
    if response.status_code != 200 or response.parsed is None:
        body = response.content.decode("utf-8", "replace")
        raise CheckFailed(f"{operation} failed with HTTP {int(response.status_code)}: {body}")
    header = response.parsed.header
    expect_equal(f"{operation} header.isSuccessful", header.is_successful, True)
    expect_equal(f"{operation} header.resultCode", header.result_code, 0)
    expect_equal(f"{operation} header.resultMessage", header.result_message, "SUCCESS")
    return response.parsed


def check_list_availability_zones(client: AuthenticatedClient) -> None:
    response = list_availability_zones.sync_detailed(APPKEY, client=client)
    body = parsed_body("listAvailabilityZones", response)

    names = [zone.zone_name for zone in body.zones]
    expect_equal("zone names", names, ["kr-pub-a", "kr-pub-b"])
    expect_equal("zones[0].zoneState.available", body.zones[0].zone_state.available, True)


def check_create_instance(client: AuthenticatedClient) -> None:
    instance = NewInstance(
        name="web-01",
        image="9a7c5e3b-1d2f-4b6a-8c0e-2f4d6b8a0c1e",
        flavor="4f2d8b6a-1c3e-4a5b-9d7f-8e6c4a2b0d1f",
        networks=[NetworkRef(id="0d8e6f4a-2b1c-4d3e-9f5a-7b6c8d0e1f2a")],
        availability_zone="kr-pub-a",
        key_name="web-key",
        count=1,
        volumes=[NewInstanceVolume(size=20)],
        security_groups=[SecurityGroupRef(name="default")],
    )
    request = CreateInstanceRequest(instance=instance)

    response = create_instance.sync_detailed(APPKEY, client=client, body=request)
    body = parsed_body("createInstance", response)

    expect_equal("instance.id", body.instance.id, INSTANCE_ID)
    expect_equal("instance.name", body.instance.name, "web-01")
    expect_equal("instance.status", body.instance.status, InstanceStatus.BUILD)


def check_reboot(client: AuthenticatedClient) -> None:
    action = RebootAction(
        action=RebootActionAction.REBOOT,
        parameters=RebootParameters(type_=RebootType.SOFT),
    )

    response = perform_instance_action.sync_detailed(
        APPKEY, INSTANCE_ID, client=client, body=action
    )
    body = parsed_body("performInstanceAction (reboot)", response)

    # The default example is the header-only response, as every action but uploadImage gets.
    if body.created_image:
        raise CheckFailed(f"a reboot returned createdImage {body.created_image!r}")


def check_create_keypair(client: AuthenticatedClient) -> None:
    request = CreateKeypairRequest(keypair=NewKeypair(name="deploy-key"))

    response = create_keypair.sync_detailed(APPKEY, client=client, body=request)
    body = parsed_body("createKeypair", response)

    keypair = body.keypair
    expect_equal("keypair.name", keypair.name, "deploy-key")
    expect_equal(
        "keypair.fingerprint",
        keypair.fingerprint,
        "a4:1e:9b:30:c7:58:2d:f6:0e:83:b1:4c:79:d2:65:ea",
    )
    if not isinstance(keypair.private_key, str):
        raise CheckFailed(f"keypair.privateKey: expected a string, got {keypair.private_key!r}")
    if not keypair.private_key.startswith("-----BEGIN RSA PRIVATE KEY-----"):
        raise CheckFailed("keypair.privateKey does not start with a PEM header")


def main() -> int:
    prism_url = os.environ.get("PRISM_URL", "").strip()
    if not prism_url:
        print("PRISM_URL is not set; run tests/prism/run.sh", file=sys.stderr)
        return 2

    # The spec's XAuthToken scheme sends the bare token in X-Auth-Token.
    client = AuthenticatedClient(
        base_url=prism_url,
        token=TOKEN,
        prefix="",
        auth_header_name="X-Auth-Token",
        raise_on_unexpected_status=False,
    )
    checks = [
        ("listAvailabilityZones", check_list_availability_zones),
        ("createInstance", check_create_instance),
        ("performInstanceAction (reboot)", check_reboot),
        ("createKeypair", check_create_keypair),
    ]

    failures = 0
    with client:
        for name, check in checks:
            try:
                check(client)
            except CheckFailed as error:
                failures += 1
                print(f"FAILED {name}: {error}")
            else:
                print(f"ok     {name}")

    if failures:
        print(f"{failures} of {len(checks)} Python client checks failed", file=sys.stderr)
        return 1
    print(f"All {len(checks)} Python client checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
