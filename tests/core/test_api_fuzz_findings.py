"""Regressions for what schemathesis found: each answered 500 before it was fixed."""

from __future__ import annotations


def test_out_of_range_page_sizes_are_refused_not_crashed(api_for) -> None:
    """Found by schemathesis: a negative `limit` reached the query and crashed it."""
    api = api_for("caseworker")
    for limit in ("-288230376151711745", "0", "201"):
        response = api.get(f"/api/v1/cases?limit={limit}")
        assert response.status_code == 422
        assert response.json["errors"][0]["pointer"] == "#/limit"
    assert api.get("/api/v1/hearings?week=0000-W00").status_code == 422


def test_scheme_list_dumps_its_offence_codes(api_for) -> None:
    from tests.compensation.fixtures import nl_advance_scheme

    nl_advance_scheme()
    listed = api_for("lawyer").get("/api/v1/compensation-schemes")
    assert listed.status_code == 200
    assert listed.json["items"][0]["cap_exempt_offences"] == ["violent", "sexual"]


def test_output_fields_without_a_value_are_documented_as_nullable(app) -> None:
    spec = app.test_client().get("/api/v1/openapi.json").json
    read_at = spec["components"]["schemas"]["Notification"]["properties"]["read_at"]
    assert "null" in read_at["type"]
    error = spec["components"]["responses"]["DEFAULT_ERROR"]["content"]
    assert list(error) == ["application/problem+json"]


def test_money_and_counts_are_whole_numbers_in_json_not_floats(api_for) -> None:
    """Found by schemathesis: `cap_minor: 2.5e-42` was truncated to 0 and stored."""
    admin = api_for("platform_admin")
    base = {
        "country": "NL",
        "kind": "state_scheme",
        "name": "Fund",
        "deciding_authority": "Agency",
        "currency": "EUR",
    }
    for bad in ({"cap_minor": 2.5e-42}, {"cap_minor": "500"}, {"limitation_months": 1.5}):
        assert admin.post("/api/v1/compensation-schemes", json={**base, **bad}).status_code == 422
    assert (
        admin.post("/api/v1/compensation-schemes", json={**base, "currency": "AAA"}).status_code
        == 422
    )
    assert admin.post("/api/v1/compensation-schemes", json=base).status_code == 201


def test_the_scheme_form_still_reads_numbers_typed_as_text(web_for) -> None:
    browser = web_for("platform_admin")
    response = browser.post(
        "/compensation-schemes/new",
        {
            "country": "NL",
            "kind": "state_advance",
            "name": "Advance",
            "deciding_authority": "Agency",
            "currency": "EUR",
            "advance_after_months": "8",
            "cap_minor": "500000",
        },
    )
    assert response.status_code == 302
