"""Presentation shared by the screen, the PDF and the JSON: chart data, tables and sentences."""
