"""The domain: pure Python plus spaCy, scikit-learn and rapidfuzz. No SQLite, no UI."""
