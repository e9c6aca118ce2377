/// The Python source of the SMTP sink the integration tests run with the project's `.venv/bin/python`.
///
/// Kept in a Swift string rather than a `.py` file because the test target cannot declare resources
/// (SwiftPM warns about unhandled files); `SMTPSink` writes it into its temporary folder and runs it.
enum SMTPSinkScript {
    static let source = #"""
"""A throwaway SMTP server for FlintSMTP's integration tests, built on aiosmtpd.

Listens on 127.0.0.1 with a free port, optionally with STARTTLS or implicit TLS (a CA and a server
certificate for localhost/127.0.0.1 are generated into DIR/tls with the openssl CLI, and the CA is
copied to DIR/ca.pem) and optionally requiring AUTH. When it is ready it writes its port to DIR/port.
Every accepted message becomes DIR/messages/N.json: the envelope, the client's port (one per connection),
the raw content and the message as Python's email package parses it. The server exits when its standard
input closes (the test ended).
"""

import argparse
import asyncio
import email
import email.policy
import json
import os
import shutil
import ssl
import subprocess
import sys
import threading

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


def make_certificates(directory):
    tls = os.path.join(directory, "tls")
    os.makedirs(tls, exist_ok=True)
    if shutil.which("openssl") is None:
        sys.exit("smtp_sink: the openssl command is needed to make test certificates")

    def run(*arguments):
        subprocess.run(["openssl", *arguments], cwd=tls, check=True, capture_output=True)

    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    run("req", "-x509", *ec, "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=Flint SMTP test CA")
    run("req", *ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
    with open(os.path.join(tls, "server.ext"), "w") as file:
        file.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n"
                   "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "server.ext")
    shutil.copy(os.path.join(tls, "ca.pem"), os.path.join(directory, "ca.pem"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(os.path.join(tls, "server.pem"), os.path.join(tls, "server.key"))
    return context


def part_text(message, subtype):
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_subtype() != subtype:
        return None
    return part.get_content()


class Recorder:
    def __init__(self, directory):
        self.directory = os.path.join(directory, "messages")
        os.makedirs(self.directory, exist_ok=True)
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        content = envelope.content
        message = email.message_from_bytes(content, policy=email.policy.default)
        record = {
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated),
            "peer_port": session.peer[1],
            "content": content.decode("utf-8", errors="replace"),
            "longest_line": max(len(line) for line in content.split(b"\r\n")),
            "has_bare_lf": b"\n" in content.replace(b"\r\n", b""),
            "defects": [type(defect).__name__ for part in message.walk() for defect in part.defects],
            "headers": {key.lower(): str(value) for key, value in message.items()},
            "content_type": message.get_content_type(),
            "text": part_text(message, "plain"),
            "html": part_text(message, "html"),
        }
        path = os.path.join(self.directory, f"{self.count}.json")
        write_atomically(path, json.dumps(record).encode())
        return f"250 OK queued as {self.count}"


def make_authenticator(credentials):
    user, password = credentials.split(":", 1)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode() and auth_data.password == password.encode())
        # handled=False lets aiosmtpd send the reply itself (235, or 535 on failure).
        return AuthResult(success=ok, handled=False)

    return authenticate


async def serve(arguments):
    tls_context = None
    if arguments.starttls or arguments.implicit_tls:
        tls_context = make_certificates(arguments.dir)
    options = {"hostname": "sink.test"}
    if arguments.starttls:
        options.update(tls_context=tls_context, require_starttls=arguments.require_starttls)
    if arguments.auth:
        options.update(
            authenticator=make_authenticator(arguments.auth),
            auth_required=True,
            auth_require_tls=not arguments.auth_allow_plaintext,
            auth_exclude_mechanism=arguments.auth_exclude or [],
        )
    recorder = Recorder(arguments.dir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(recorder, loop=loop, **options), "127.0.0.1", 0,
        ssl=tls_context if arguments.implicit_tls else None,
    )
    port = server.sockets[0].getsockname()[1]
    write_atomically(os.path.join(arguments.dir, "port"), str(port).encode())
    stdin_closed = loop.create_future()
    threading.Thread(
        target=lambda: (sys.stdin.buffer.read(), loop.call_soon_threadsafe(stdin_closed.set_result, None)),
        daemon=True,
    ).start()
    async with server:
        await stdin_closed


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dir", required=True, help="where the port file and messages go")
    parser.add_argument("--starttls", action="store_true", help="offer STARTTLS")
    parser.add_argument("--require-starttls", action="store_true", help="refuse mail before STARTTLS")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require AUTH with these credentials")
    parser.add_argument("--auth-allow-plaintext", action="store_true", help="offer AUTH without TLS")
    parser.add_argument("--auth-exclude", action="append", metavar="MECHANISM", help="do not offer it")
    asyncio.run(serve(parser.parse_args()))


if __name__ == "__main__":
    main()
"""#
}
