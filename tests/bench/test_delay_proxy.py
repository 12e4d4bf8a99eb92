"""The delaying TCP proxy bench_network uses: bytes arrive intact, in order, and a round trip costs 2 × delay."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from bench.delay_proxy import DelayProxy


@pytest.fixture
def echo_port() -> Iterator[int]:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            while data := connection.recv(65536):
                connection.sendall(data)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield port
    server.close()


def _round_trip(sock: socket.socket, payload: bytes) -> bytes:
    sock.sendall(payload)
    received = b""
    while len(received) < len(payload):
        received += sock.recv(65536)
    return received


def test_a_round_trip_through_the_proxy_costs_twice_the_delay(echo_port: int) -> None:
    with DelayProxy("127.0.0.1", echo_port, delay_ms=40) as proxy, \
            socket.create_connection(("127.0.0.1", proxy.port), timeout=5) as sock:
        _round_trip(sock, b"warm")
        started = time.perf_counter()
        assert _round_trip(sock, b"ping") == b"ping"
        elapsed = time.perf_counter() - started
    assert 0.075 <= elapsed < 0.5


def test_a_large_payload_arrives_intact_and_in_order(echo_port: int) -> None:
    payload = bytes(range(256)) * 4096  # 1 MiB, many chunks
    with DelayProxy("127.0.0.1", echo_port, delay_ms=5) as proxy, \
            socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
        assert _round_trip(sock, payload) == payload


def test_only_loopback_targets_are_allowed() -> None:
    with pytest.raises(ValueError):
        DelayProxy("10.0.0.1", 5432, delay_ms=1)
