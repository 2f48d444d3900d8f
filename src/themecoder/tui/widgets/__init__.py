"""The workbench's own widgets."""
