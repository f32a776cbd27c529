"""Pydantic request/response schemas; every limit is declared in `Field(...)` so bad input is a 422."""
