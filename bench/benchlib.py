"""Pieces shared by the benchmark scripts: process memory sampling, percentiles, machine facts.

Standard library only: the benchmark machine has python3 and nothing installed for it.
"""
import os
import platform
import signal
import subprocess
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
# The small heap the README measures for one gateway: a benchmark's gateway starts with it unless told otherwise.
SMALL_HEAP_JVM_FLAGS = '-Xmx512m -Xms32m -XX:+UseSerialGC -XX:MinHeapFreeRatio=5 -XX:MaxHeapFreeRatio=15'


def add_started_gateway_arguments(ap, port):
    """The arguments of a benchmark that starts its own gateway from a jar and posts the sroie-dev receipts."""
    ap.add_argument('--images', default=str(REPO.parent / 'shared/data/sroie-dev/img'))
    ap.add_argument('--gateway-url', default=f'http://127.0.0.1:{port}')
    ap.add_argument('--gateway-jar', default=str(REPO / 'gateway/target/gateway.jar'))
    ap.add_argument('--gateway-jvm-flags', default=SMALL_HEAP_JVM_FLAGS)
    ap.add_argument('--out', default=str(BENCH / 'out'))


def percentile(values, q):
    """Nearest-rank percentile (q in 0..100) of a non-empty list; None for an empty one."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil without floats
    return ordered[int(rank) - 1]


def descendants(pid):
    """pid's child processes, recursively (threads' children too: a JVM forks from any thread)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        try:
            tasks = os.listdir(f'/proc/{p}/task')
        except OSError:
            continue
        for tid in tasks:
            try:
                with open(f'/proc/{p}/task/{tid}/children') as f:
                    kids = [int(k) for k in f.read().split()]
            except OSError:
                continue
            found.extend(kids)
            todo.extend(kids)
    return found


def rss_kib(pid):
    try:
        with open(f'/proc/{pid}/status') as f:
            for line in f:
                if line.startswith('VmRSS:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler:
    """Samples VmRSS of a process tree every `interval` seconds and keeps the peak of the sum.

    With include_root=False only the root's descendants count (used when the root is this script and the
    engine is a series of short-lived children, as with the tesseract CLI).
    """

    def __init__(self, root_pid, include_root=True, interval=0.05):
        self.root_pid = root_pid
        self.include_root = include_root
        self.interval = interval
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name='rss-sampler', daemon=True)
        self.samples = 0

    def _loop(self):
        while not self._stop.is_set():
            pids = descendants(self.root_pid)
            if self.include_root:
                pids.append(self.root_pid)
            total = sum(rss_kib(p) for p in pids)
            self.samples += 1
            if total > self._peak:
                self._peak = total
            self._stop.wait(self.interval)

    def start(self):
        self._thread.start()
        return self

    def reset_peak(self):
        """Peak so far, then start a new window."""
        peak, self._peak = self._peak, 0
        return peak

    def peak_kib(self):
        return self._peak

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=2)
        return self._peak


def listening_pid(port):
    """The pid of the process that listens on a local TCP port, found through /proc (None if not visible)."""
    inodes = set()
    for table in ('/proc/net/tcp', '/proc/net/tcp6'):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    parts = line.split()
                    local, state, inode = parts[1], parts[3], parts[9]
                    if state == '0A' and int(local.rsplit(':', 1)[1], 16) == port:
                        inodes.add(f'socket:[{inode}]')
        except OSError:
            continue
    if not inodes:
        return None
    for pid in filter(str.isdigit, os.listdir('/proc')):
        try:
            for fd in os.listdir(f'/proc/{pid}/fd'):
                if os.readlink(f'/proc/{pid}/fd/{fd}') in inodes:
                    return int(pid)
        except OSError:
            continue
    return None


def machine():
    """Facts that belong next to every published figure."""
    info = {'nproc': os.cpu_count(), 'kernel': platform.release(), 'python': platform.python_version()}
    try:
        with open('/proc/cpuinfo') as f:
            for line in f:
                if line.startswith('model name'):
                    info['cpu_model'] = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        with open('/proc/meminfo') as f:
            for line in f:
                if line.startswith('MemTotal:'):
                    info['mem_total_gib'] = round(int(line.split()[1]) / 1024 / 1024, 1)
                    break
    except OSError:
        pass
    try:
        with open('/etc/os-release') as f:
            for line in f:
                if line.startswith('PRETTY_NAME='):
                    info['os'] = line.split('=', 1)[1].strip().strip('"')
    except OSError:
        pass
    info['loadavg_at_start'] = os.getloadavg()
    for cmd, key in ((['java', '-version'], 'java'), (['node', '--version'], 'node'),
                     (['tesseract', '--version'], 'tesseract')):
        try:
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=20)
            info[key] = (out.stdout + out.stderr).strip().splitlines()[0]
        except (OSError, subprocess.SubprocessError, IndexError):
            info[key] = None
    return info


def now_stamp():
    return time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())


def stop_process(proc, timeout=30):
    """SIGTERM, then SIGKILL if the process has not exited within timeout seconds; nothing if it already ended."""
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
