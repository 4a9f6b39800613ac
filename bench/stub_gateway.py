#!/usr/bin/env python3
"""A stand-in for the gateway's OCR API, backed by the tesseract CLI, for checking the harness itself.

It answers GET /health/ready and POST /v1/documents/analyze (raw image body) with the gateway's result shape
{"pages":[{"lines":[{"text","polygon":[x0,y0,...,x3,y3]}]}]}, so that the `ours` path of ocr_bench.py
(HTTP client, keep-alive, RSS of the listening process, scoring) can be exercised before the gateway exists:

    python3 bench/stub_gateway.py --port 18080 &
    python3 bench/ocr_bench.py --engines ours,tesseract --gateway-url http://127.0.0.1:18080 --images 5

Its figures mean nothing about the gateway. Standard library only.
"""
import argparse
import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ocr_bench import tesseract_lines  # noqa: E402


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def _send(self, status, doc):
        body = json.dumps(doc).encode()
        self.send_response(status)
        self.send_header('Content-Type', 'application/json')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == '/health/ready':
            self._send(200, {'status': 'ready'})
        else:
            self._send(404, {'error': {'code': 'not_found', 'message': self.path}})

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
        if self.path.split('?')[0] != '/v1/documents/analyze':
            self._send(404, {'error': {'code': 'not_found', 'message': self.path}})
            return
        out = subprocess.run(['tesseract', 'stdin', 'stdout', '-l', 'eng', 'tsv'], input=body, capture_output=True)
        if out.returncode != 0:
            self._send(422, {'error': {'code': 'unreadable_document', 'message': out.stderr.decode()[-200:]}})
            return
        lines = [{'text': l['text'], 'polygon': [c for p in l['box'] for c in p]}
                 for l in tesseract_lines(out.stdout.decode())]
        self._send(200, {'pages': [{'page': 1, 'lines': lines}], 'provider': {'id': 'stub:tesseract'}})


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--port', type=int, default=18080)
    args = ap.parse_args()
    ThreadingHTTPServer(('127.0.0.1', args.port), Handler).serve_forever()


if __name__ == '__main__':
    main()
