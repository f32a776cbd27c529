"""Fast inference: compiled (numba) scorers that compute exactly what the fitted components compute.

`normalise.py` (batch normalisation), `kernel.py` (hashing + stacked linear heads in one pass),
`incivility.py` (`CompiledIncivility`, built from a fitted `IncivilityModel` at load time).
"""
