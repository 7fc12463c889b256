"""Reading files, the core's way in: checks before a file is opened (preflight), the package's parts
(package), the workbook into an `Assessment` with findings (read, prescore_sheet). No writer, click,
xlwings or docxtpl here; the workbook's writers (psvxl.workbook) sit above it."""
