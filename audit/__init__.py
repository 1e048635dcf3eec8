"""The audit trail: every change to the configuration, who made it, and its earlier versions.

Services call `audit_change` (audit.recording) around each write; see README "History".
"""
