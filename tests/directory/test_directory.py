"""The service directory: search filters, publishing, and who may change a service."""

from __future__ import annotations

import uuid

from tests.identity.fixtures import make_org
from tests.referrals.fixtures import make_service


def test_search_filters_by_country_type_and_language(api_for) -> None:
    ng, ro = make_org("NG"), make_org("RO")
    make_service(ng, name="Benin return", languages=["en", "bin"])
    make_service(ro, name="Iasi labour", service_type="labour_rights", languages=["ro"])
    api = api_for("caseworker")

    def names(query: str) -> list[str]:
        return sorted(item["name"] for item in api.get("/api/v1/services" + query).json["items"])

    assert names("?country=NG") == ["Benin return"]
    assert names("?service_type=labour_rights") == ["Iasi labour"]
    assert names("?language=bin") == ["Benin return"]
    assert names("?language=ro&country=NG") == []
    assert api.get("/api/v1/services?country=Nigeria").status_code == 422


def test_html_search_shows_capacity_and_links_to_refer(web_for) -> None:
    make_service(make_org("NG"), name="Benin return")
    browser = web_for("caseworker")
    page = browser.get(f"/services?country=NG&case={uuid.uuid4()}").get_data(as_text=True)
    assert "Benin return" in page
    assert "/referrals/new/" in page


def test_coordinator_publishes_and_closes_the_inbox(web_for, api_for) -> None:
    browser = web_for("coordinator")
    response = browser.post(
        "/services/new",
        {
            "name": "Night shelter",
            "service_type": "shelter",
            "country": "NL",
            "languages": ["nl", "en"],
            "accepts_adults": "on",
            "is_inbox_open": "on",
            "capacity_status": "limited",
        },
    )
    assert response.status_code == 302
    api = api_for("coordinator", org=browser.user.organisation)
    listed = api.get("/api/v1/services?country=NL").json["items"]
    service = next(item for item in listed if item["name"] == "Night shelter")
    url = f"/api/v1/services/{service['id']}"
    etag = api.get(url).headers["ETag"]
    assert api.open("PATCH", url, json={"is_inbox_open": False}).status_code == 428
    changed = api.open("PATCH", url, json={"is_inbox_open": False}, headers={"If-Match": etag})
    assert changed.status_code == 200
    assert changed.json["is_inbox_open"] is False
    stale = api.open("PATCH", url, json={"capacity_note": "x"}, headers={"If-Match": etag})
    assert stale.status_code == 412


def test_invalid_service_form_keeps_input(web_for) -> None:
    browser = web_for("org_admin")
    response = browser.post("/services/new", {"name": "Keep this name", "emergency_phone": "0612"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Keep this name"' in page
    assert 'href="#field-emergency_phone"' in page
