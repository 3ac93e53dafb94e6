"""The progress paper's chart: recommendations by RAG rating and by decision, as a PNG image."""

from __future__ import annotations

import io

from .progress import ReviewProgress

RAG_COLOURS = {"Red": "#c0392b", "Amber": "#e67e22", "Green": "#27ae60", "Blue": "#2e86c1", "None": "#b3b6b7"}
DECISION_COLOUR = "#34495e"


def chart_png(progress: ReviewProgress, dpi: int = 150) -> bytes:
    """Two bar charts side by side (RAG, decision) for one review, as PNG bytes."""
    # matplotlib is imported here: only the paper needs it, and its import costs a second.
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 2.8), dpi=dpi)
    left, right = fig.subplots(1, 2)
    _bars(left, progress.rag_counts(), [RAG_COLOURS[k] for k, _ in progress.rag_counts()], "By RAG rating")
    decisions = progress.decision_counts()
    _bars(right, decisions, [DECISION_COLOUR] * len(decisions), "By the executive's decision")
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()


def _bars(ax, counts: list[tuple[str, int]], colours: list[str], title: str) -> None:
    labels = [k for k, _ in counts][::-1]
    values = [v for _, v in counts][::-1]
    ax.barh(labels, values, color=colours[::-1])
    for y, value in enumerate(values):
        ax.text(value, y, f" {value}", va="center", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.tick_params(labelsize=8)
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_xlim(0, max(values or [1]) * 1.2)
