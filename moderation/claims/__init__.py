"""Claims: which sentences assert something, of what kind, whether the comment supports them, and
whether the article (or related coverage) corroborates or contradicts them.

`ClaimComponent` (component.py) is the artifact component; `ArticleContext` (context.py) the
corroboration context; `fit_claims` / `evaluate_claims` (train.py) the offline jobs.
"""
