"""The Excel workbook: build it (XlsxWriter), read it (python-calamine), write results back."""
