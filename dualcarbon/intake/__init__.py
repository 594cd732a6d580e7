"""Department submission intake: read, identify, check, archive, load, and give feedback."""

from dualcarbon.intake.service import Check, IntakeResult, check_file, inbox_files, process_inbox

__all__ = ["Check", "IntakeResult", "check_file", "inbox_files", "process_inbox"]
