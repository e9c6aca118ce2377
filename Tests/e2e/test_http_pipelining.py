"""Pipelined requests on one real connection get their answers in the order they were sent, whether
the lean single-event path or the router answers each one."""
import json
import socket

from test_durability import event, set_up


def request(method, path, key, body=b"", extra=""):
    head = (f"{method} {path} HTTP/1.1\r\nHost: flint\r\nAuthorization: Bearer {key}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n{extra}\r\n")
    return head.encode() + body


def read_answers(sock):
    """Every answer on `sock` until the server closes it: (status, body) in order."""
    data = b""
    sock.settimeout(10)
    while chunk := sock.recv(65536):
        data += chunk
    answers = []
    while data:
        head, _, rest = data.partition(b"\r\n\r\n")
        lines = head.decode().split("\r\n")
        headers = {name.lower(): value for name, value in (line.split(": ", 1) for line in lines[1:])}
        length = int(headers["content-length"])
        answers.append((int(lines[0].split(" ")[1]), rest[:length]))
        data = rest[length:]
    return answers


def test_pipelined_requests_are_answered_in_order(flint):
    key = set_up(flint)
    body = lambda message_id: json.dumps(event(message_id)).encode()
    requests = [
        request("POST", "/v1/events", key, body("pipe-1")),
        request("GET", "/health/live", key),
        request("POST", "/v1/events", key, body("pipe-2")),
        request("POST", "/v1/events", key, b'{"trigger": '),
        request("POST", "/v1/events/batch", key, json.dumps({"events": [event("pipe-3")]}).encode()),
        request("POST", "/v1/events", key, body("pipe-1")),
        request("POST", "/v1/events", key, body("pipe-4"), extra="Connection: close\r\n"),
    ]
    with socket.create_connection(("127.0.0.1", flint.port)) as sock:
        sock.sendall(b"".join(requests))  # one write: the server reads them all at once
        answers = read_answers(sock)
    assert [status for status, _ in answers] == [202, 200, 202, 400, 200, 200, 202]
    bodies = [json.loads(text) for _, text in answers]
    assert bodies[0]["messageId"] == "pipe-1" and bodies[0]["status"] == "accepted"
    assert bodies[1] == {"status": "live"}
    assert bodies[2]["messageId"] == "pipe-2"
    assert bodies[3]["error"]["code"] == "invalid_json"
    assert bodies[4]["results"][0]["messageId"] == "pipe-3"
    assert bodies[5] == {"status": "duplicate", "messageId": "pipe-1"}
    assert bodies[6]["messageId"] == "pipe-4"
