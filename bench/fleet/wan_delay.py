#!/usr/bin/env python3
"""Holds packets queued by iptables' NFQUEUE target for a fixed time, then lets them go: the delay between two
regions of bench/fleet on a kernel built without tc netem (CONFIG_NET_SCH_NETEM unset), where the queueing
disciplines cannot delay a packet.

    wan_delay.py QUEUE:MS [QUEUE:MS ...]

Each QUEUE (a number an iptables rule sends packets to, `-j NFQUEUE --queue-num QUEUE`) delays its packets by MS
milliseconds. Packets of one queue leave in the order they came (one delay per queue keeps TCP segments in order).
Run it in the network namespace whose rules feed the queues (NFQUEUE is per namespace); it stays in the foreground.
Only each packet's id crosses to this process (copy mode META), never its bytes.

Standard library only: it speaks nfnetlink_queue over a netlink socket itself.
"""
import collections
import os
import signal
import socket
import struct
import sys
import threading
import time

NETLINK_NETFILTER = 12
NFNL_SUBSYS_QUEUE = 3
NFQNL_MSG_PACKET, NFQNL_MSG_VERDICT, NFQNL_MSG_CONFIG = 0, 1, 2
NFQA_CFG_CMD, NFQA_CFG_PARAMS, NFQA_CFG_QUEUE_MAXLEN = 1, 2, 3
NFQNL_CFG_CMD_BIND = 1
NFQNL_COPY_META = 1
NFQA_PACKET_HDR, NFQA_VERDICT_HDR = 1, 2
NF_ACCEPT = 1
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2
QUEUE_MAXLEN = 8192


def attr(kind, payload):
    length = 4 + len(payload)
    return struct.pack('=HH', length, kind) + payload + b'\0' * ((4 - length % 4) % 4)


def message(kind, queue, attrs, flags=NLM_F_REQUEST, seq=0):
    body = struct.pack('=BBH', socket.AF_UNSPEC, 0, socket.htons(queue)) + b''.join(attrs)
    return struct.pack('=IHHII', 16 + len(body), (NFNL_SUBSYS_QUEUE << 8) | kind, flags, seq, 0) + body


class DelayQueue:
    """One NFQUEUE queue: ids in, verdicts out after the delay."""

    def __init__(self, number, delay_ms):
        self.number = number
        self.delay = delay_ms / 1000.0
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        self.sock.bind((0, 0))
        self.held = collections.deque()
        self.ready = threading.Condition()
        self._configure(attr(NFQA_CFG_CMD, struct.pack('!BBH', NFQNL_CFG_CMD_BIND, 0, socket.AF_INET)))
        self._configure(attr(NFQA_CFG_PARAMS, struct.pack('!IB', 0, NFQNL_COPY_META)))
        self._configure(attr(NFQA_CFG_QUEUE_MAXLEN, struct.pack('!I', QUEUE_MAXLEN)))

    def _configure(self, one_attr):
        self.sock.send(message(NFQNL_MSG_CONFIG, self.number, [one_attr], NLM_F_REQUEST | NLM_F_ACK, 1))
        data = self.sock.recv(65536)
        _, kind, _, _, _ = struct.unpack_from('=IHHII', data)
        if kind == NLMSG_ERROR:
            (error,) = struct.unpack_from('=i', data, 16)
            if error:
                raise OSError(-error, f'queue {self.number}: {os.strerror(-error)}')

    def receive(self):
        while True:
            data = self.sock.recv(1 << 20)
            arrived = time.monotonic()
            offset = 0
            while offset + 16 <= len(data):
                length, kind, _, _, _ = struct.unpack_from('=IHHII', data, offset)
                if length < 16:
                    break
                if kind == (NFNL_SUBSYS_QUEUE << 8) | NFQNL_MSG_PACKET:
                    packet_id = self._packet_id(data, offset + 20, offset + length)
                    if packet_id is not None:
                        with self.ready:
                            self.held.append((arrived + self.delay, packet_id))
                            self.ready.notify()
                offset += (length + 3) & ~3

    @staticmethod
    def _packet_id(data, offset, end):
        while offset + 4 <= end:
            length, kind = struct.unpack_from('=HH', data, offset)
            if length < 4:
                return None
            if kind & 0x7fff == NFQA_PACKET_HDR:
                return struct.unpack_from('!I', data, offset + 4)[0]
            offset += (length + 3) & ~3
        return None

    def release(self):
        while True:
            with self.ready:
                while not self.held:
                    self.ready.wait()
                due, packet_id = self.held[0]
                wait = due - time.monotonic()
                if wait > 0:
                    self.ready.wait(wait)
                    continue
                self.held.popleft()
            verdict = attr(NFQA_VERDICT_HDR, struct.pack('!II', NF_ACCEPT, packet_id))
            self.sock.send(message(NFQNL_MSG_VERDICT, self.number, [verdict]))


def main(argv):
    if not argv or any(':' not in a for a in argv):
        sys.exit(__doc__)
    queues = []
    for spec in argv:
        number, ms = spec.split(':', 1)
        queues.append(DelayQueue(int(number), float(ms)))
    for q in queues:
        threading.Thread(target=q.receive, name=f'receive-{q.number}', daemon=True).start()
        threading.Thread(target=q.release, name=f'release-{q.number}', daemon=True).start()
    print('wan_delay: ' + ', '.join(f'queue {q.number} {q.delay * 1000:g} ms' for q in queues), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()


if __name__ == '__main__':
    main(sys.argv[1:])
