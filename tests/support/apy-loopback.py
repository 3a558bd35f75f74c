"""Start Apertium APy listening on 127.0.0.1 only.

APy has no bind-address option: it calls HTTPServer.bind(port), which listens on every
interface. Tests and benchmarks must not expose a server beyond this machine, so this launcher
forces the address to loopback before handing over to APy's own entry point, unchanged.

Usage: python3 apy-loopback.py [any apertium-apy arguments, e.g. -p PORT /usr/share/apertium/modes]
"""

import runpy
import sys

import tornado.tcpserver

LOOPBACK = "127.0.0.1"
_original_bind = tornado.tcpserver.TCPServer.bind
_original_listen = tornado.tcpserver.TCPServer.listen


def _bind_loopback(self, port, address=None, *args, **kwargs):
    return _original_bind(self, port, LOOPBACK, *args, **kwargs)


def _listen_loopback(self, port, address=None, *args, **kwargs):
    return _original_listen(self, port, LOOPBACK, *args, **kwargs)


tornado.tcpserver.TCPServer.bind = _bind_loopback
tornado.tcpserver.TCPServer.listen = _listen_loopback

sys.argv[0] = "apertium-apy"
runpy.run_module("apertium_apy.apy", run_name="__main__", alter_sys=True)
