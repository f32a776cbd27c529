"""Model cards: the JSON sections a training run writes and their Markdown rendering.

Offline side only: training, retraining and conversion write cards; the serving path reads the JSON card
as data and never imports this package.
"""
