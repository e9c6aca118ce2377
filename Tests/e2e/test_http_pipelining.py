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


def lean_requests(flint):
    """How many requests the lean single-event path has answered (`/metrics`)."""
    import urllib.request
    with urllib.request.urlopen(f"http://127.0.0.1:{flint.port}/metrics", timeout=10) as response:
        for line in response.read().decode().splitlines():
            if line.startswith("flint_http_lean_requests_total "):
                return int(float(line.split(" ")[1]))
    return 0


def chunked(method, path, key, body):
    """A request whose body is chunked (no Content-Length), in chunks of 4 KB."""
    head = (f"{method} {path} HTTP/1.1\r\nHost: flint\r\nAuthorization: Bearer {key}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 4096]), body[i:i + 4096]) for i in range(0, len(body), 4096))
    return head + chunks + b"0\r\n\r\n"


def test_pipelined_requests_are_answered_in_order(flint):
    key = set_up(flint)
    body = lambda message_id: json.dumps(event(message_id)).encode()
    requests = [
        request("POST", "/v1/events", key, body("pipe-1")),
        request("POST", "/v1/events", key, body("pipe-1b")),  # behind another single event
        chunked("POST", "/v1/events", key, b"[" + b" " * 40000 + b"]"),  # past the limit with no length declared
        request("GET", "/health/live", key),
        request("POST", "/v1/events", key, body("pipe-2")),
        request("POST", "/v1/events", key, b'{"trigger": '),
        request("POST", "/v1/events/batch", key, json.dumps({"events": [event("pipe-3")]}).encode()),
        request("POST", "/v1/events", key, body("pipe-1")),
        request("POST", "/v1/events", key, body("pipe-4"), extra="Connection: close\r\n"),
        request("POST", "/v1/events", key, body("after-close")),  # sent after a close: never read
    ]
    before = lean_requests(flint)
    with socket.create_connection(("127.0.0.1", flint.port)) as sock:
        sock.sendall(b"".join(requests))  # one write: the server reads them all at once
        answers = read_answers(sock)
    assert [status for status, _ in answers] == [202, 202, 413, 200, 202, 400, 200, 200, 202]
    bodies = [json.loads(text) for _, text in answers]
    assert bodies[0]["messageId"] == "pipe-1" and bodies[0]["status"] == "accepted"
    assert bodies[1]["messageId"] == "pipe-1b"
    assert bodies[2]["error"]["code"] == "payload_too_large"
    assert bodies[3] == {"status": "live"}
    assert bodies[4]["messageId"] == "pipe-2"
    assert bodies[5]["error"]["code"] == "invalid_json"
    assert bodies[6]["results"][0]["messageId"] == "pipe-3"
    assert bodies[7] == {"status": "duplicate", "messageId": "pipe-1"}
    assert bodies[8]["messageId"] == "pipe-4"
    # The first three were the lean path's; what followed the router's GET went to the router.
    assert lean_requests(flint) - before >= 3
    # The request after the close was never ingested.
    assert flint.request("POST", "/v1/events", event("after-close"), token=key)[0] == 202


def test_a_lean_answer_that_closes_the_connection_drops_what_follows(flint):
    key = set_up(flint)
    before = lean_requests(flint)
    with socket.create_connection(("127.0.0.1", flint.port)) as sock:
        sock.sendall(request("POST", "/v1/events", key, json.dumps(event("close-1")).encode(), extra="Connection: close\r\n")
                     + request("POST", "/v1/events", key, json.dumps(event("close-2")).encode()))
        answers = read_answers(sock)
    assert [status for status, _ in answers] == [202]
    assert lean_requests(flint) - before == 1
    assert flint.request("POST", "/v1/events", event("close-2"), token=key)[0] == 202
