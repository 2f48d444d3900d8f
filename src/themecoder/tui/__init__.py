"""The coding workbench (Textual). Imported only when the TUI opens: `themecoder.tui.app.run_app`."""
