"""Local receivers for what Flint sends: an SMTP sink (aiosmtpd) and HTTP receivers (webhooks, an SMS
provider shaped like Twilio). Everything listens on 127.0.0.1 on a free port and records what arrived."""
import email
import email.policy
import http.server
import json
import socket
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, seconds=15.0, interval=0.05, message="condition"):
    """Polls `condition` until it returns something truthy (and returns that), or fails after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {message}")
        time.sleep(interval)


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list
    data: bytes
    message: email.message.EmailMessage
    received_at: float


class SMTPSink:
    """An SMTP server that accepts every message and keeps it, envelope and parsed message."""

    def __init__(self):
        self.messages: list[ReceivedMail] = []
        self._lock = threading.Lock()
        self.host = "127.0.0.1"
        self.port = _free_port()
        self._controller = Controller(self, hostname=self.host, port=self.port)

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    async def handle_DATA(self, server, session, envelope):
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode()
        mail = ReceivedMail(
            mail_from=envelope.mail_from, rcpt_tos=list(envelope.rcpt_tos), data=data,
            message=email.message_from_bytes(data, policy=email.policy.default), received_at=time.time())
        with self._lock:
            self.messages.append(mail)
        return "250 OK"

    def received(self) -> list[ReceivedMail]:
        with self._lock:
            return list(self.messages)

    def to(self, address: str) -> list[ReceivedMail]:
        return [m for m in self.received() if address in m.rcpt_tos]

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict  # lower-cased names
    body: bytes
    received_at: float = field(default_factory=time.time)

    def header(self, name: str):
        return self.headers.get(name.lower())

    def json(self):
        return json.loads(self.body)


def _default_response(request: ReceivedRequest):
    return 200, {"Content-Type": "application/json"}, b"{}"


class _QuietServer(http.server.ThreadingHTTPServer):
    """Does not print a traceback when a client (a Flint being killed) drops its connection mid-request."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class HTTPReceiver:
    """An HTTP server in a thread that records every request. `respond(request)` answers it with
    `(status, headers, body)`; the default is 200 with `{}`."""

    def __init__(self, respond=_default_response):
        self.requests: list[ReceivedRequest] = []
        self._lock = threading.Lock()
        self.respond = respond
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _handle(self):
                body = self._read_body()
                request = ReceivedRequest(
                    method=self.command, path=self.path,
                    headers={name.lower(): value for name, value in self.headers.items()}, body=body)
                with receiver._lock:
                    receiver.requests.append(request)
                status, headers, payload = receiver.respond(request)
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _read_body(self) -> bytes:
                """The whole body; a request cut off before it (its sender killed) raises ConnectionError
                and is not recorded: it was never delivered, and never answered."""
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    chunks = []
                    while True:
                        line = self.rfile.readline()
                        if not line:
                            raise ConnectionError("the connection closed inside a chunked body")
                        size = int(line.split(b";")[0].strip(), 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return b"".join(chunks)
                        chunk = self.rfile.read(size)
                        if len(chunk) < size:
                            raise ConnectionError("the connection closed inside a chunk")
                        chunks.append(chunk)
                        self.rfile.readline()
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                if len(body) < length:
                    raise ConnectionError("the connection closed inside the body")
                return body

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, *args):
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        # A short poll interval, so that `stop` (shutdown) returns quickly rather than after up to 0.5 s.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def received(self, path_prefix: str = "") -> list[ReceivedRequest]:
        with self._lock:
            return [r for r in self.requests if r.path.startswith(path_prefix)]

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()


class TwilioLikeSMSProvider(HTTPReceiver):
    """Answers `POST /2010-04-01/Accounts/{sid}/Messages.json` with 201 `{"sid": "SM..."}`, and 404 otherwise."""

    def __init__(self):
        self.sids: list[str] = []  # the message ids answered, in order
        super().__init__(self._answer)

    def _answer(self, request: ReceivedRequest):
        if request.method == "POST" and request.path.startswith("/2010-04-01/Accounts/") and request.path.endswith("/Messages.json"):
            sid = "SM" + uuid.uuid4().hex
            self.sids.append(sid)
            return 201, {"Content-Type": "application/json"}, json.dumps({"sid": sid, "status": "queued"}).encode()
        return 404, {"Content-Type": "application/json"}, b'{"message": "not found"}'
