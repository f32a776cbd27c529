"""Training side of the encoder component: rows from the corpora, fine-tuning MiniLM with torch, ONNX export.

Nothing in the serving path imports this package (torch and transformers live in the `train` extra).
"""
