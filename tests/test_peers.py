"""The peer client (`moderation.peers`) and the worker protocol (`bench/peers/worker.py`).

The protocol is tested with a fake worker run by this interpreter, so it needs no peer
environment; the real peers are tested only when `.venv-peers` exists (else skipped with the reason).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from moderation.config import PROJECT_ROOT
from moderation.errors import InvalidInput
from moderation.peers import (
    IN_PROCESS_PEERS,
    WORKER_PEERS,
    PeerEnvironment,
    available_peers,
    peer_throughput,
    score_with_peer,
)

WORKER = PROJECT_ROOT / "bench" / "peers" / "worker.py"
CIVIL = "Thank you for a careful, well sourced article; I learned a lot."
ABUSIVE = "You are a fucking idiot and a liar, shut your stupid mouth."

FAKE_WORKER = textwrap.dedent(
    """
    import json, os, sys
    from pathlib import Path
    request = json.loads(sys.stdin.read())
    Path(os.environ["FAKE_LOG"]).write_text(json.dumps({"request": request, "env": {
        k: os.environ.get(k) for k in ("HF_HUB_OFFLINE", "OMP_NUM_THREADS")}}))
    behaviour = os.environ.get("FAKE_BEHAVIOUR", "ok")
    print("chatter from a library that writes to stdout")
    if behaviour == "error":
        print(json.dumps({"error": "peer exploded politely."}))
        sys.exit(2)
    if behaviour == "crash":
        print("Traceback: something broke", file=sys.stderr)
        sys.exit(1)
    if behaviour == "short":
        print(json.dumps({"peer": request["peer"], "scores": [0.5]}))
    elif request["mode"] == "throughput":
        print(json.dumps({"peer": request["peer"], "comments_per_second": 1234.5, "n_texts": 3,
                          "seconds": 0.1, "cpu_seconds": 0.05, "comments_per_cpu_second": 60.0,
                          "threads": request["threads"], "load_seconds": 0.2, "measured": "predict"}))
    else:
        print(json.dumps({"peer": request["peer"], "scores": [len(t) / 100 for t in request["texts"]]}))
    """
)


@pytest.fixture()
def fake_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PeerEnvironment:
    worker = tmp_path / "fake_worker.py"
    worker.write_text(FAKE_WORKER, encoding="utf-8")
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "seen.json"))
    return PeerEnvironment(python=Path(sys.executable), worker=worker, stamp=None)


def seen_by_worker(tmp_path: Path) -> dict[str, dict[str, object]]:
    return json.loads((tmp_path / "seen.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def worker_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("peers_worker", WORKER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def real_environment() -> PeerEnvironment:
    environment = PeerEnvironment.default()
    reason = environment.missing_reason()
    if reason is not None:
        pytest.skip(reason)
    return environment


# --- client: input checks and a missing environment -------------------------------------------


@pytest.mark.parametrize(
    ("name", "texts", "train_texts", "train_labels", "threads"),
    [
        ("perspective", ["a"], None, None, 1),
        ("profanity_check", [], None, None, 1),
        ("profanity_check", "one string", None, None, 1),
        ("profanity_check", ["a", 3], None, None, 1),
        ("minilm_lr", ["a"], None, None, 1),
        ("minilm_lr", ["a"], ["x", "y"], [0], 1),
        ("minilm_lr", ["a"], ["x", "y"], [1, 1], 1),
        ("minilm_lr", ["a"], ["x", "y"], None, 1),
        ("hatesonar", ["a"], None, None, 3),
    ],
    ids=["unknown-peer", "no-texts", "str-not-list", "non-string", "trained-without-data",
         "length-mismatch", "one-class", "labels-missing", "too-many-threads"],
)
def test_bad_requests_raise_invalid_input(name, texts, train_texts, train_labels, threads) -> None:
    with pytest.raises(InvalidInput):
        score_with_peer(name, texts, train_texts, train_labels, threads=threads)


def test_missing_environment_gives_none_with_a_logged_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    missing = PeerEnvironment(python=tmp_path / "nowhere" / "bin" / "python", worker=WORKER)
    with caplog.at_level(logging.WARNING, logger="moderation.peers"):
        assert score_with_peer("hatesonar", [CIVIL], environment=missing) is None
        assert peer_throughput("profanity_check", [CIVIL], environment=missing) is None
    assert "bench/peers/setup.sh" in caplog.text
    assert available_peers(missing) == list(IN_PROCESS_PEERS)


def test_half_installed_environment_is_not_available(tmp_path: Path) -> None:
    half = PeerEnvironment(python=Path(sys.executable), worker=WORKER, stamp=tmp_path / ".peers-installed")
    assert "not fully installed" in (half.missing_reason() or "")
    assert available_peers(half) == list(IN_PROCESS_PEERS)


def test_vader_runs_in_process_and_ranks_hostility_higher() -> None:
    scores = score_with_peer("vader", [CIVIL, ABUSIVE])
    assert scores is not None and scores.shape == (2,)
    assert 0.0 <= scores[0] < 0.5 < scores[1] <= 1.0


# --- client <-> worker protocol, with a fake worker -------------------------------------------


def test_request_and_response_round_trip(fake_environment: PeerEnvironment, tmp_path: Path) -> None:
    scores = score_with_peer("minilm_lr", ["ab", "abcd"], ["x", "y"], np.array([0, 1]),
                             threads=1, environment=fake_environment)
    assert scores is not None
    np.testing.assert_allclose(scores, [0.02, 0.04])
    seen = seen_by_worker(tmp_path)
    assert seen["request"] == {"peer": "minilm_lr", "texts": ["ab", "abcd"], "mode": "score", "threads": 1,
                               "train": {"texts": ["x", "y"], "labels": [0, 1]}}
    assert seen["env"] == {"HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}


def test_throughput_response_is_parsed(fake_environment: PeerEnvironment, tmp_path: Path) -> None:
    result = peer_throughput("hatesonar", ["a", "b", "c"], environment=fake_environment)
    assert result is not None
    assert (result.peer, result.comments_per_second, result.threads) == ("hatesonar", 1234.5, 1)
    assert result.comments_per_cpu_second == 60.0
    assert seen_by_worker(tmp_path)["request"]["mode"] == "throughput"
    assert "train" not in seen_by_worker(tmp_path)["request"]


@pytest.mark.parametrize(
    ("behaviour", "logged"),
    [("error", "peer exploded politely."), ("crash", "Traceback: something broke"),
     ("short", "returned (1,) scores for 2 texts")],
    ids=["worker-error", "worker-crash", "wrong-length"],
)
def test_worker_failures_give_none_and_say_why(
    fake_environment: PeerEnvironment, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    behaviour: str, logged: str,
) -> None:
    monkeypatch.setenv("FAKE_BEHAVIOUR", behaviour)
    with caplog.at_level(logging.ERROR, logger="moderation.peers"):
        assert score_with_peer("hatesonar", ["a", "b"], environment=fake_environment) is None
    assert logged in caplog.text


# --- the real worker's request parsing (standard library only, runs anywhere) -----------------


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"peer": "bert", "texts": ["a"]}', "unknown peer"),
        ('{"peer": "hatesonar", "texts": []}', "is empty"),
        ('{"peer": "hatesonar", "texts": ["a"], "mode": "fast"}', "unknown mode"),
        ('{"peer": "hatesonar", "texts": ["a"], "threads": 8}', "'threads'"),
        ('{"peer": "minilm_lr", "texts": ["a"]}', "is trained"),
        ('{"peer": "minilm_lr", "texts": ["a"], "train": {"texts": ["x"], "labels": [1]}}', "both classes"),
        ('{"peer": "minilm_lr", "texts": ["a"], "train": {"texts": ["x"], "labels": [0, 1]}}', "as long as"),
    ],
    ids=["not-json", "not-object", "unknown-peer", "empty", "bad-mode", "threads", "no-train", "one-class",
         "length"],
)
def test_worker_rejects_bad_requests(worker_module: ModuleType, raw: str, message: str) -> None:
    with pytest.raises(worker_module.RequestError, match=message):
        worker_module.parse_request(raw)


def test_worker_answers_a_bad_request_with_json_and_exit_2() -> None:
    done = subprocess.run([sys.executable, str(WORKER)], input='{"peer": "bert", "texts": ["a"]}',
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "unknown peer" in json.loads(done.stdout)["error"]


def test_core_client_never_imports_torch() -> None:
    code = ("import sys, moderation.peers as p; p.available_peers(); p.score_with_peer('vader', ['a']); "
            "print(sorted(m for m in ('torch', 'onnxruntime', 'sentence_transformers') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          check=True)
    assert done.stdout.strip() == "[]"


# --- the real peers (only where .venv-peers is installed) -------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("peer", ["profanity_check", "hatesonar"], ids=["profanity_check", "hatesonar"])
def test_real_peer_ranks_abuse_above_civility(real_environment: PeerEnvironment, peer: str) -> None:
    scores = score_with_peer(peer, [CIVIL, ABUSIVE], environment=real_environment)
    assert scores is not None and scores.shape == (2,)
    assert scores[1] > 0.8 and scores[0] < 0.5


@pytest.mark.slow
def test_real_minilm_peer_learns_from_its_training_texts(real_environment: PeerEnvironment) -> None:
    civil = ["I appreciate this reporting.", "Good points, thanks for sharing.", "Interesting analysis here.",
             "I respectfully disagree with the premise.", "The budget figures look reasonable to me.",
             "Thanks, this was informative."]
    abusive = ["You are a moron.", "Shut up, idiot.", "What a pathetic loser you are.",
               "Go away you stupid troll.", "You disgusting liar.", "Only an imbecile would write this."]
    scores = score_with_peer("minilm_lr", [CIVIL, ABUSIVE], civil + abusive, [0] * 6 + [1] * 6,
                             environment=real_environment)
    assert scores is not None and scores[1] > 0.5 > scores[0]


@pytest.mark.slow
def test_real_peer_reports_single_thread_throughput(real_environment: PeerEnvironment) -> None:
    texts = [CIVIL, ABUSIVE] * 50
    result = peer_throughput("profanity_check", texts, threads=1, environment=real_environment)
    assert result is not None
    assert result.threads == 1 and result.n_texts == 100 and result.comments_per_second > 0


def test_worker_peer_names_match_the_client(worker_module: ModuleType) -> None:
    assert tuple(worker_module.PEERS) == WORKER_PEERS
