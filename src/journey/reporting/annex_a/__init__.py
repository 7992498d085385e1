"""Ofsted's Annex A inspection lists (R12): the rows (lists), the workbook, their columns."""
