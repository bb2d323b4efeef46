"""Amendment files: the operation records, the file syntax (parse and unparse) and resolving
operations against a draft."""

from amendtool.amend.operations import AmendmentFile, Operation
from amendtool.amend.resolve import (
    CheckResult,
    InvalidFile,
    ValidAmendments,
    check_amendment_texts,
    check_amendments,
    load_amendment_texts,
    load_amendments,
    load_valid_amendments,
    resolve_amendments,
)
from amendtool.amend.syntax import parse_amendments, read_amendments, unparse, unparse_file

__all__ = [
    "AmendmentFile", "CheckResult", "InvalidFile", "Operation", "ValidAmendments", "check_amendment_texts",
    "check_amendments", "load_amendment_texts", "load_amendments", "load_valid_amendments", "parse_amendments",
    "read_amendments", "resolve_amendments", "unparse", "unparse_file",
]
