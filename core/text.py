import unicodedata


def normalise(text: str) -> str:
    """Lower-case, accent-free, single-spaced text: "  Zoé  N'DIAYE" -> "zoe n'diaye"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())
