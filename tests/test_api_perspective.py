"""The Perspective-compatible route: Perspective's request in, Perspective's response and errors out.

The client request is the AnalyzeComment example of Perspective's documentation
(conversationai/perspectiveapi, 2-api/methods.md), which asks for TOXICITY and the experimental
UNSUBSTANTIAL attribute. We serve TOXICITY and answer UNSUBSTANTIAL with Perspective's own error.
"""

from __future__ import annotations

import json
import logging

import pytest
from api_fakes import FakeModerator, make_keys, make_settings
from fastapi.testclient import TestClient

from api.main import create_app
from moderation.feedback import FeedbackStore

ANALYZE = "/v1alpha1/comments:analyze"
DOC_REQUEST = json.loads(
    """{
  "comment": {
     "text": "What kind of idiot name is foo? Sorry, I like your name."
  },
  "languages": ["en"],
  "requestedAttributes": {
    "TOXICITY": {},
    "UNSUBSTANTIAL": {}
  }
}"""
)
# The documented response, trimmed to the attribute we serve: the shape every client parses.
DOC_RESPONSE_SHAPE = {
    "attributeScores": {"TOXICITY": {"summaryScore": {"value": 0.8627961, "type": "PROBABILITY"}}},
    "languages": ["en"],
}


@pytest.fixture()
def client(tmp_path):
    with TestClient(create_app(make_settings(tmp_path), loader=FakeModerator)) as test_client:
        yield test_client


def _shape(value):
    if isinstance(value, dict):
        return {k: _shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shape(v) for v in value[:1]]
    return type(value).__name__


def _served(request):
    served = {**request, "requestedAttributes": {"TOXICITY": {}}}
    return served


def test_documented_request_round_trips_in_perspectives_shape(client):
    response = client.post(ANALYZE, json=_served(DOC_REQUEST))
    assert response.status_code == 200, response.text
    body = response.json()
    assert _shape(body) == _shape(DOC_RESPONSE_SHAPE)
    assert 0.5 < body["attributeScores"]["TOXICITY"]["summaryScore"]["value"] <= 1.0


def test_documented_request_with_an_attribute_we_do_not_serve_gets_perspectives_error(client):
    response = client.post(ANALYZE, json=DOC_REQUEST)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == 400 and error["status"] == "INVALID_ARGUMENT"
    assert "UNSUBSTANTIAL" in error["message"]
    assert error["details"][0]["@type"] == "type.googleapis.com/google.commentanalyzer.v1alpha1.Error"
    assert set(response.json()) == {"error"}


def test_every_mapped_attribute_with_span_scores_and_client_token(client):
    text = "What kind of idiot name is foo? Sorry, I like your name. Everyone knows it."
    request = {
        "comment": {"text": text, "type": "PLAIN_TEXT"},
        "requestedAttributes": {
            name: {}
            for name in ("TOXICITY", "INSULT", "PROFANITY", "THREAT", "IDENTITY_ATTACK", "UNSUPPORTED_CLAIM")
        },
        "spanAnnotations": True,
        "clientToken": "comment-53922",
        "sessionId": "s-1",
        "communityId": "/forum/news",
    }
    body = client.post(ANALYZE, json=request).json()
    assert body["clientToken"] == "comment-53922"
    assert body["languages"] == ["en"] and body["detectedLanguages"] == ["en"]
    assert set(body["attributeScores"]) == set(request["requestedAttributes"])
    insult_spans = body["attributeScores"]["INSULT"]["spanScores"]
    assert [text[s["begin"] : s["end"]].strip() for s in insult_spans] == [
        "What kind of idiot name is foo?",
        "Sorry, I like your name.",
        "Everyone knows it.",
    ]
    assert insult_spans[0]["score"]["value"] > 0.9 > insult_spans[1]["score"]["value"]
    claim_spans = body["attributeScores"]["UNSUPPORTED_CLAIM"]["spanScores"]
    assert claim_spans[2]["score"]["value"] > claim_spans[1]["score"]["value"]
    assert all(s["score"]["type"] == "PROBABILITY" for s in insult_spans)


def test_score_threshold_drops_attributes_below_it(client):
    request = {
        "comment": {"text": "What an idiot."},
        "requestedAttributes": {"INSULT": {"scoreThreshold": 0.5}, "THREAT": {"scoreThreshold": 0.5}},
    }
    body = client.post(ANALYZE, json=request).json()
    assert set(body["attributeScores"]) == {"INSULT"}
    assert "spanScores" not in body["attributeScores"]["INSULT"]


@pytest.mark.parametrize("languages", [["de"], ["en", "fr"], ["pt-BR"]], ids=["de", "en+fr", "pt-BR"])
def test_unsupported_languages_get_perspectives_language_error(client, languages):
    request = {
        "comment": {"text": "Was für ein Idiot."},
        "requestedAttributes": {"TOXICITY": {}},
        "languages": languages,
    }
    response = client.post(ANALYZE, json=request)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"].startswith("Attribute TOXICITY does not support request languages:")
    detail = error["details"][0]
    assert detail["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert detail["languageNotSupportedByAttributeError"]["attribute"] == "TOXICITY"


def test_drop_unsupported_attributes_returns_no_scores_instead_of_an_error(client):
    request = {
        "comment": {"text": "Hola"},
        "requestedAttributes": {"TOXICITY": {}},
        "languages": ["es"],
        "dropUnsupportedAttributes": True,
    }
    response = client.post(ANALYZE, json=request)
    assert response.status_code == 200
    assert response.json()["attributeScores"] == {}


def test_english_variants_are_supported(client):
    request = {"comment": {"text": "Fine."}, "requestedAttributes": {"TOXICITY": {}}, "languages": ["en-GB"]}
    response = client.post(ANALYZE, json=request)
    assert response.status_code == 200
    assert response.json()["languages"] == ["en"]
    assert "detectedLanguages" not in response.json()


@pytest.mark.parametrize(
    ("request_body", "error_type", "message"),
    [
        (
            {"comment": {"text": ""}, "requestedAttributes": {"TOXICITY": {}}},
            "COMMENT_EMPTY",
            "Comment must be non-empty.",
        ),
        (
            {"comment": {"text": "hi"}, "requestedAttributes": {"FLIRTATION": {}}},
            "ATTRIBUTE_NOT_SUPPORTED",
            "FLIRTATION",
        ),
        ({"comment": {"text": "hi"}, "requestedAttributes": {}}, None, "requestedAttributes"),
        ({"requestedAttributes": {"TOXICITY": {}}}, None, "comment"),
        ({"comment": {"text": "x" * 20481}, "requestedAttributes": {"TOXICITY": {}}}, None, "20480"),
        (
            {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreType": "STD_DEV"}}},
            None,
            "scoreType",
        ),
        (
            {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreThreshold": 2}}},
            None,
            "scoreThreshold",
        ),
    ],
    ids=[
        "empty-comment",
        "unknown-attribute",
        "no-attributes",
        "no-comment",
        "text-too-long",
        "score-type",
        "threshold-range",
    ],
)
def test_bad_requests_get_google_style_400(client, request_body, error_type, message):
    response = client.post(ANALYZE, json=request_body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == "INVALID_ARGUMENT" and error["code"] == 400
    assert message in error["message"]
    if error_type:
        assert error["details"][0]["errorType"] == error_type
    assert set(response.json()) == {"error"} and error["message"]


def test_wrong_content_type_on_perspective_route_is_google_style(client):
    response = client.post(ANALYZE, content=b"hello", headers={"content-type": "text/plain"})
    assert response.status_code == 415
    assert set(response.json()) == {"error"} and "application/json" in response.json()["error"]["message"]


def test_perspective_key_query_parameter_is_accepted_when_reads_are_keyed(tmp_path):
    keys = make_keys(tmp_path / "api_keys.json")
    app = create_app(make_settings(tmp_path, read_requires_key=True), loader=FakeModerator)
    request = {"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {}}}
    with TestClient(app) as client:
        denied = client.post(ANALYZE, json=request)
        assert denied.status_code == 401 and denied.json()["error"]["status"] == "UNAUTHENTICATED"
        assert client.post(f"{ANALYZE}?key={keys['read']}", json=request).status_code == 200


@pytest.mark.parametrize("do_not_store", [True, False], ids=["doNotStore", "may-store"])
def test_do_not_store_leaves_no_trace_in_logs_or_database(tmp_path, caplog, do_not_store):
    settings = make_settings(tmp_path)
    text = "A private remark about my neighbour Gertrude."
    request = {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}, "doNotStore": do_not_store}
    with TestClient(create_app(settings, loader=FakeModerator)) as client, caplog.at_level(logging.DEBUG, "moderation.api"):
        assert client.post(ANALYZE, json=request).status_code == 200
    assert (text in caplog.text) is (not do_not_store)
    store = FeedbackStore(settings.database_url)
    try:
        assert store.count() == 0
    finally:
        store.close()


def test_attribute_the_loaded_model_lacks_is_a_400_not_a_500(tmp_path):
    class IncivilityOnly(FakeModerator):
        labels = tuple(label for label in FakeModerator.labels if label.value != "unsupported_claim")

    app = create_app(make_settings(tmp_path), loader=IncivilityOnly)
    request = {"comment": {"text": "hi"}, "requestedAttributes": {"UNSUPPORTED_CLAIM": {}}}
    with TestClient(app) as client:
        response = client.post(ANALYZE, json=request)
    assert response.status_code == 400
    assert "not served by the loaded model" in response.json()["error"]["message"]


class _Reply:
    def __init__(self, response) -> None:
        self._body = response.content

    def read(self) -> bytes:
        return self._body


def test_the_perspective_pypi_client_gets_severe_toxicity(client, monkeypatch):
    """The `perspective` package (PyPI) builds the request and parses our answer, as against Google."""
    from perspective import PerspectiveAPI
    from perspective import api_client

    def urlopen(request):
        assert request.full_url.startswith("https://commentanalyzer.googleapis.com/v1alpha1/comments:analyze?key=")
        return _Reply(client.post(ANALYZE, content=request.data, headers=dict(request.headers)))

    monkeypatch.setattr(api_client, "urlopen", urlopen)
    scores = PerspectiveAPI("a-key").score("You idiot, I will hurt you.", tests=["TOXICITY", "SEVERE_TOXICITY", "INSULT"])
    assert set(scores) == {"TOXICITY", "SEVERE_TOXICITY", "INSULT"}
    assert 0 < scores["SEVERE_TOXICITY"] <= scores["TOXICITY"]  # a product of probabilities
    assert scores["SEVERE_TOXICITY"] == pytest.approx(scores["TOXICITY"] * scores["INSULT"])


def test_unknown_attributes_are_dropped_when_asked_and_refused_otherwise(client):
    request = {"comment": {"text": "You idiot."}, "requestedAttributes": {"TOXICITY": {}, "FLIRTATION": {}}}
    refused = client.post(ANALYZE, json=request)
    assert refused.status_code == 400 and "FLIRTATION" in refused.json()["error"]["message"]
    dropped = client.post(ANALYZE, json={**request, "dropUnsupportedAttributes": True})
    assert dropped.status_code == 200 and set(dropped.json()["attributeScores"]) == {"TOXICITY"}


def test_google_error_without_details_has_no_details_key(client):
    response = client.post(ANALYZE, json={"comment": {"text": "hi"}, "requestedAttributes": {"TOXICITY": {"scoreType": "RAW"}}})
    assert response.status_code == 400
    assert response.json() == {"error": {"code": 400, "message": response.json()["error"]["message"],
                                         "status": "INVALID_ARGUMENT"}}


ANSWERED_OR_NOT = [
    ({"languages": ["en"]}, True),
    ({"languages": ["en-GB", "EN_us"]}, True),
    ({"languages": []}, True),
    ({"languages": None}, True),
    ({"requestedAttributes": {"toxicity": {}, "Severe_Toxicity": {}}}, True),
    ({"requestedAttributes": {"TOXICITY": {"scoreType": "PROBABILITY"}}}, True),
    ({"requestedAttributes": {"TOXICITY": {"scoreType": ""}}}, True),
    ({"languages": ["de"]}, False),
    ({"languages": ["en", "fr"]}, False),
    ({"languages": ["000"]}, False),
    ({"languages": [" en"]}, False),
    ({"requestedAttributes": {"UNSUBSTANTIAL": {}}}, False),
    ({"requestedAttributes": {"TOXıCITY": {}}}, False),  # dotless i: "I" only by Unicode upper-casing
    ({"requestedAttributes": {"TOXICITY": {"scoreType": "STD_DEV_SCORE"}}}, False),
    ({"languages": ["de"], "dropUnsupportedAttributes": True}, True),
    ({"requestedAttributes": {"UNSUBSTANTIAL": {}}, "dropUnsupportedAttributes": True}, True),
    ({"requestedAttributes": {"TOXICITY": {"scoreType": "X"}}, "dropUnsupportedAttributes": True}, False),
]


@pytest.mark.parametrize(("change", "answered"), ANSWERED_OR_NOT, ids=lambda v: json.dumps(v, ensure_ascii=False))
def test_the_schema_says_which_requests_are_answered(client, change, answered):
    """Schema-valid exactly when answered 2xx: languages, attribute names, scoreType and the drop flag."""
    import jsonschema_rs

    document = client.get("/openapi.json").json()
    validator = jsonschema_rs.Draft202012Validator(
        {"$ref": "#/components/schemas/AnalyzeCommentRequest", **document}
    )
    body = {"comment": {"text": "You idiot."}, "requestedAttributes": {"TOXICITY": {}}, **change}
    response = client.post(ANALYZE, json=body)
    assert validator.is_valid(body) is answered
    assert (response.status_code == 200) is answered, response.text
    if not answered:
        assert response.status_code == 400 and set(response.json()) == {"error"}, response.text
        assert response.json()["error"]["status"] == "INVALID_ARGUMENT"


def test_the_documented_attributes_are_the_served_ones():
    from api.perspective import ATTRIBUTES
    from api.schemas.perspective import SUPPORTED_ATTRIBUTES

    assert tuple(ATTRIBUTES) == SUPPORTED_ATTRIBUTES
