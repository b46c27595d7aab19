"""The page's few style rules: a phone summary, wrapping tabs and tables, no sideways scrolling; and its icon."""

from pathlib import Path

ICON = Path(__file__).with_name("icon.png")  # served by the app itself, never fetched from a font server

STYLE = """<style>
/* The result summary at the top shows only where the columns stack (phones); on wide screens the
   result is beside the questionnaire already. */
@media (min-width: 641px) { .st-key-phone-summary { display: none; } }
.st-key-phone-summary { background: #eef4fa; border-radius: 0.5rem; padding: 0.6rem 0.8rem; }
/* The scores as HTML bars (advisor/ui/charts.py score_chart): name, bar, score; projector-sized type. */
.score-chart { display: grid; gap: 0.45rem; margin: 0.25rem 0 0.5rem; font-size: 1rem; }
.score-row { display: grid; grid-template-columns: minmax(6rem, 11rem) 1fr 5.5rem; align-items: center; gap: 0.6rem; }
.score-track { height: 1.5rem; background: #f3f5f8; border-radius: 0.2rem; overflow: hidden; }
.score-bar { display: block; height: 100%; border-radius: 0.2rem; }
.score-value { font-variant-numeric: tabular-nums; }
.score-out .score-name, .score-out .score-value { color: #4b5563; font-style: italic; }
.score-out .score-track { background: repeating-linear-gradient(45deg, #f3f5f8 0 6px, #e5e7eb 6px 9px); }
.score-caption { font-size: 0.875rem; color: rgba(11, 18, 32, 0.6); margin: 0; }  /* as st.caption draws it */
@media (max-width: 640px) { .score-row { grid-template-columns: minmax(5rem, 8rem) 1fr 4.5rem; } }
/* Tabs wrap onto a second line instead of hiding behind a scroll. */
.stTabs [role="tablist"] { flex-wrap: wrap; row-gap: 0.25rem; overflow-x: visible; }
/* Static tables wrap their cells to the width available. */
[data-testid="stTable"] table { table-layout: auto; width: 100%; }
[data-testid="stTable"] td, [data-testid="stTable"] th { white-space: normal; overflow-wrap: anywhere; }
/* On phones the cost table leaves out what each model is costed at: the list under it says so. */
@media (max-width: 640px) {
  .st-key-cost-table [data-testid="stTable"] th:nth-child(2),
  .st-key-cost-table [data-testid="stTable"] td:nth-child(2) { display: none; }
}
/* On phones the portfolio's problem table leaves out the column's id and what it allows: the problem says both. */
@media (max-width: 640px) {
  .st-key-pf-problems th:nth-child(3), .st-key-pf-problems td:nth-child(3),
  .st-key-pf-problems th:nth-child(6), .st-key-pf-problems td:nth-child(6) {
    display: none;
  }
}
/* Code blocks (links to copy) wrap rather than scroll sideways, where a keyboard could not scroll them
   (Streamlit sets white-space: pre on the element itself, hence !important). */
[data-testid="stCode"] pre code { white-space: pre-wrap !important; overflow-wrap: anywhere; }
/* The tools row wraps on narrow screens. */
.st-key-tools { flex-wrap: wrap; }
.st-key-tools > div { flex: 0 0 auto; width: auto; }
[class*="st-key-deliver-"] { display: none; }  /* saves a clicked file in the browser (ui/on_click.py) */
/* A list of problems sits inside its alert box (advisor/ui/text.py `problems`): Streamlit's own alert
   colours, as a container, so that each problem stays plain text. */
[class*="st-key-problems-"] { border-radius: 0.5rem; padding: 0.75rem 1rem; gap: 0.25rem; }
[class*="st-key-problems-error"] { background: rgba(255, 43, 43, 0.09); color: rgb(125, 53, 59); }
[class*="st-key-problems-warning"] { background: rgba(255, 189, 69, 0.1); color: rgb(107, 79, 4); }
[class*="st-key-problems-"] p, [class*="st-key-problems-"] [data-testid="stText"] { color: inherit; }
</style>"""
