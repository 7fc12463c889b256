"""The Excel workbook written: build it (XlsxWriter), write results back, the buttons' open book. Reading it
is psvxl.reading, a layer below."""
