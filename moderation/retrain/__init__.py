"""Offline retraining from moderators' verdicts, behind a gate that never promotes a worse model.

One module per step of the loop (`moderation retrain`, `moderation models ...`):

- `config`    the gate's tolerances and the feedback weight (environment, CLI overrides)
- `verdicts`  feedback rows -> one training row per comment (conflicts resolved, decisions mapped)
- `timesplit` earlier comments train, the later slice is held out (the future is never trained on)
- `candidate` the candidate: the existing training pipeline on base corpora + weighted feedback
- `measure`   candidate and current model on the same frozen test sets, the held-out slice, fairness
- `gate`      promote or refuse, with every reason
- `registry`  artifacts, the atomic `models/current` pointer, `models/history.jsonl`, rollback
- `card`      the candidate's model card (deterministic: no wall-clock in it)
- `job`       the loop end to end, with a progress bar

Import from the modules (`from moderation.retrain.job import retrain`): this package imports nothing
itself, so `moderation --help` stays fast.
"""
