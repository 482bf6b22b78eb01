"""Naming rules: every emitted identifier is valid, readable and unique."""

from __future__ import annotations

import keyword

import pytest

from generator import naming


@pytest.mark.parametrize(
    ("spec_name", "expected"),
    [
        ("VideoResource", "VideoResource"),
        ("Error-2", "Error2"),
        ("HTTPError", "HTTPError"),
        ("video_resource", "VideoResource"),
        ("200Response", "Schema200Response"),
        ("Any", "Any_"),
        ("class", "Class"),
        ("Ünïcode name", "UnicodeName"),
        ("", "Schema"),
    ],
)
def test_class_names(spec_name: str, expected: str) -> None:
    assert naming.class_name([spec_name]) == expected


def test_inline_class_names_follow_where_they_sit() -> None:
    assert naming.class_name(["VideoResource", "error"]) == "VideoResourceError"
    assert (
        naming.class_name(["CreateVideoRemix", "body", "item"])
        == "CreateVideoRemixBodyItem"
    )


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("created_at", "created_at"),
        ("createdAt", "created_at"),
        ("x-rate-limit", "x_rate_limit"),
        ("from", "from_"),
        ("match", "match_"),
        ("additional_properties", "additional_properties_"),
        ("$ref", "ref"),
        ("1st", "field_1st"),
        ("@type", "type"),
    ],
)
def test_attribute_names(wire: str, expected: str) -> None:
    name = naming.attribute_name(wire)
    assert name == expected
    assert name.isidentifier() and not keyword.iskeyword(name)


def test_unique_adds_the_smallest_free_suffix() -> None:
    taken: set[str] = set()
    assert [naming.unique("Error", taken) for _ in range(3)] == [
        "Error",
        "Error2",
        "Error3",
    ]
    assert [naming.unique("id", taken) for _ in range(2)] == ["id", "id_2"]


@pytest.mark.parametrize(
    ("operation_id", "method", "path", "group", "expected"),
    [
        ("CreateVideoRemix", "post", "/videos/{video_id}/remix", "videos", "remix"),
        ("ListVideos", "get", "/videos", "videos", "list"),
        ("DeleteVideo", "delete", "/videos/{video_id}", "videos", "delete"),
        (
            "RetrieveVideoContent",
            "get",
            "/videos/{video_id}/content",
            "videos",
            "retrieve_content",
        ),
        (
            "CreateVideoCharacter",
            "post",
            "/videos/characters",
            "videos",
            "create_character",
        ),
        ("cancelBatch", "post", "/batches/{batch_id}/cancel", "batch", "cancel"),
        (
            "listPaginatedFineTuningJobs",
            "get",
            "/fine_tuning/jobs",
            "fine_tuning",
            "list_paginated_jobs",
        ),
        (None, "get", "/pets/{pet_id}/toys", "pets", "get_toys"),
        ("videos", "get", "/videos", "videos", "videos"),
    ],
)
def test_method_names(
    operation_id: str | None, method: str, path: str, group: str, expected: str
) -> None:
    assert naming.method_name(operation_id, method, path, group) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("Videos", "videos"),
        ("Vector stores", "vector_stores"),
        ("Fine-tuning", "fine_tuning"),
        ("close", "close_"),
    ],
)
def test_group_names(tag: str, expected: str) -> None:
    assert naming.group_name(tag) == expected


def test_untagged_operations_are_grouped_by_their_first_path_segment() -> None:
    assert naming.path_group("/containers/{id}/files") == "containers"
    assert naming.path_group("/responses?beta=true") == "responses"
    assert naming.path_group("/{tenant}") == "default"


def test_resource_classes_step_aside_for_models_of_the_same_name() -> None:
    assert naming.resource_classes(("videos",), []) == (
        "Videos",
        "AsyncVideos",
        "VideosWithRawResponse",
        "AsyncVideosWithRawResponse",
    )
    assert naming.resource_classes(("files",), {"FilesWithRawResponse"})[0] == (
        "FilesResource"
    )
    assert naming.resource_classes(("chat", "completions"), [])[0] == (
        "ChatCompletions"
    )
    assert naming.endpoint_constant("remix") == "_REMIX"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v1", "v1"),
        ("k8s", "k8s"),
        ("oauth2", "oauth2"),
        ("base64Encode", "base64_encode"),
        ("HTTP2Server", "http2_server"),
        ("S3Bucket", "s3_bucket"),
        ("my-api.v2", "my_api_v2"),
        ("v2beta1", "v2beta1"),
        ("Error-2", "error2"),
        ("sha256", "sha256"),
        ("ssn_last_4_provided", "ssn_last4_provided"),
        ("max_requests_per_1_minute", "max_requests_per1_minute"),
        ("2010-04-01", "20100401"),
    ],
)
def test_digits_stay_with_their_word(text: str, expected: str) -> None:
    assert naming.snake(text) == expected


def test_package_names_keep_digits_with_their_word() -> None:
    assert naming.package_name("my-api.v2") == "my_api_v2"


def test_no_resource_can_take_a_public_attribute_of_the_client() -> None:
    from generator.templates.runtime import client as runtime

    class Client(runtime.SyncAPIClient):
        config = runtime.ClientConfig("p", "t", "1", "http://x", "P_URL")

    class AsyncClient(runtime.AsyncAPIClient):
        config = Client.config

    public = {
        name
        for cls in (Client, AsyncClient)
        for name in dir(cls(api_key="k")) + dir(cls)
        if not name.startswith("_")
    }
    assert public <= naming.RESERVED_CLIENT_ATTRS, public - naming.RESERVED_CLIENT_ATTRS
    assert naming.resource_path(["models"]) == ("models",)


def test_scheme_arguments_never_take_an_argument_every_client_has() -> None:
    import inspect

    from generator.templates.runtime import client as runtime

    params = set(inspect.signature(runtime.SyncAPIClient.__init__).parameters)
    assert params == naming.CLIENT_ARGUMENTS
    core = runtime.__name__.rsplit(".", 1)[0] + ".core"
    options = set(__import__(core, fromlist=["x"]).ClientOptions.__annotations__)
    # A client's own __init__ passes these on as **options.
    assert options == params - {"self", "api_key", "base_url", "credentials"}


@pytest.mark.parametrize(
    "schemes, expected",
    [
        # The primary keeps api_key; the others are named after their scheme.
        (
            [("ApiKeyAuth", "bearer"), ("AdminApiKeyAuth", "bearer")],
            [("api_key",), ("admin_api_key",)],
        ),
        (
            [("apiKey", "api_key"), ("clientId", "api_key")],
            [("api_key",), ("client_id",)],
        ),
        # The first basic scheme keeps username and password.
        (
            [
                ("OAuth2", "bearer"),
                ("basicAuth", "basic"),
                ("oAuthVeloBackOffice", "bearer"),
            ],
            [("api_key",), ("username", "password"), ("oauth_velo_back_office_token",)],
        ),
        (
            [
                ("basicAuth", "basic"),
                ("partnerBasic", "basic"),
                ("bearerAuth", "bearer"),
            ],
            [
                ("username", "password"),
                ("partner_username", "partner_password"),
                ("api_key",),
            ],
        ),
        # Never an argument every client has, never twice the same.
        (
            [
                ("key", "api_key"),
                ("timeout", "api_key"),
                ("proxyKey", "api_key"),
                ("proxy_key", "api_key"),
            ],
            [("api_key",), ("timeout_api_key",), ("proxy_key",), ("proxy_key_2",)],
        ),
        (
            [("a", "api_key"), ("options", "bearer"), ("self", "api_key")],
            [("api_key",), ("options_token",), ("self_api_key",)],
        ),
    ],
)
def test_credential_arguments(
    schemes: list[tuple[str, str]], expected: list[tuple[str, ...]]
) -> None:
    names = naming.credential_arguments(schemes)
    assert names == expected
    for args in names:
        assert all(a.isidentifier() and not keyword.iskeyword(a) for a in args)


def test_credential_variables_sit_beside_the_api_keys() -> None:
    assert naming.credential_env("admin_api_key", "pkg", "OPENAI_API_KEY") == (
        "OPENAI_ADMIN_API_KEY"
    )
    assert naming.credential_env("client_id", "my_api", "TOKEN") == "MY_API_CLIENT_ID"
