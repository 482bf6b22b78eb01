"""Naming rules: every emitted identifier is valid, readable and unique."""

from __future__ import annotations

import keyword
import time

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
        config = runtime.ClientConfig("p", "t", "1", "http://x", "P_URL", "P_KEY")

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


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("VideoResource", "VideoResource"),
        ("con", "con_"),
        ("CON", "CON_"),
        ("Nul.txt", "Nul_.txt"),
        ("com1", "com1_"),
        ("lpt9", "lpt9_"),
        ("com10", "com10"),
        ("console", "console"),
        ("a b/c", "a-b-c"),
        ("", "page"),
    ],
)
def test_doc_pages_have_names_every_file_system_takes(name: str, expected: str) -> None:
    assert naming.doc_slug(name) == expected


def test_long_names_are_cut_and_stay_apart() -> None:
    a, b = "A" * 300, "A" * 299 + "B"
    for make in (
        naming.doc_slug,
        naming.module_name,
        lambda name: naming.resource_module((name,)),
    ):
        short_a, short_b = make(a), make(b)
        assert len(short_a) <= naming.MAX_FILE_NAME and short_a != short_b
        assert make(a) == short_a  # the same name every time
    assert naming.module_name(a).isidentifier()


@pytest.mark.parametrize("device", ["con", "aux", "prn", "nul", "com1", "lpt1"])
def test_modules_and_packages_never_take_a_device_name(device: str) -> None:
    for spelling in (device, device.upper(), device.capitalize()):
        for make in (naming.module_name, naming.package_name, naming.doc_slug):
            assert not naming.is_device(make(spelling)), (make, spelling)
        assert naming.package_problem(spelling) is not None
    assert naming.module_name("Con") == "con_"
    assert naming.resource_module((device,)) == device + "_"


def test_unique_names_differ_in_more_than_case() -> None:
    taken: set[str] = set()
    assert [naming.unique(n, taken) for n in ("Foo", "FOO", "foo", "Foo")] == [
        "Foo",
        "FOO2",
        "foo_2",
        "Foo3",
    ]


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("videos", True),
        ("my_api2", True),
        ("class", False),
        ("über", False),
        ("a-b", False),
        ("models", False),
        ("Con", False),
        ("x" * 200, False),
    ],
)
def test_package_names_given_by_the_user_are_checked(name: str, ok: bool) -> None:
    assert (naming.package_problem(name) is None) == ok


@pytest.mark.parametrize("wire", ["field", "日本", "---"])
def test_no_field_hides_the_dataclass_field_function(wire: str) -> None:
    # Model bodies call `field(...)`: an attribute of that name would hide it.
    assert naming.attribute_name(wire) == "field_"


def test_thousands_of_one_name_stay_cheap() -> None:
    # A spec can hold thousands of names that all become `A`: each new one must
    # not walk every suffix before it (that was quadratic: minutes at 20,000).
    taken: set[str] = set()
    started = time.perf_counter()
    names = [naming.unique("A", taken) for _ in range(100_000)]
    assert time.perf_counter() - started < 20  # generous: well under a second here
    assert names[:3] == ["A", "A2", "A3"] and names[-1] == "A100000"
    assert len(set(names)) == len(names)


def test_unique_skips_names_taken_another_way() -> None:
    taken = {"A5"}
    assert naming.unique("a7", taken) == "a7"
    assert [naming.unique("A", taken) for _ in range(6)] == [
        "A",
        "A2",
        "A3",
        "A4",
        "A6",
        "A8",
    ]
