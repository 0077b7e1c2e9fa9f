"""Shared I/O for the client test scripts.

Every script reads its parameters as one JSON object on stdin and prints one JSON object on
stdout. Record keys, values and header values travel as base64 strings (null stays null), so
binary data and the difference between null and empty survive the trip.
"""
import base64
import json
import sys


def read_params():
    return json.load(sys.stdin)


def write_result(result):
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    sys.stdout.flush()


def from_b64(text):
    return None if text is None else base64.b64decode(text)


def to_b64(data):
    return None if data is None else base64.b64encode(data).decode("ascii")


def headers_from_json(pairs):
    """[[name, base64 value or null], ...] -> [(name, bytes or None), ...]."""
    return [(name, from_b64(value)) for name, value in pairs]


def headers_to_json(headers):
    """Client headers (None or a list of (name, bytes)) -> [[name, base64 or null], ...]."""
    return [[name, to_b64(value)] for name, value in headers or []]
