"""A small, fast webhook receiver for the journey benchmark: HTTP/1.1 keep-alive on asyncio, answers
every request 200 `{}`, and counts requests and distinct Idempotency-Keys. Run as
`python3 bench/webhook_receiver.py PORT`; `GET /stats` answers the counts as JSON."""
import asyncio
import json
import sys
import time

requests = 0
keys: dict[str, int] = {}
first_at = last_at = None


async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
    global requests, first_at, last_at
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            request_line = lines[0]
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length", "0"))
            if length:
                await reader.readexactly(length)
            if request_line.startswith("GET /stats"):
                body = json.dumps({"requests": requests, "keys": len(keys), "repeated": requests - len(keys),
                                   "first_at": first_at, "last_at": last_at}).encode()
            else:
                requests += 1
                now = time.monotonic()
                first_at = first_at or now
                last_at = now
                key = headers.get("idempotency-key")
                if key:
                    keys[key] = keys.get(key, 0) + 1
                body = b"{}"
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port: int):
    server = await asyncio.start_server(handle, "127.0.0.1", port, backlog=1024)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
