"""The Word report: context, charts, template, rendering and template checks."""
