#!/usr/bin/env python3
# A Helm chart repository on 127.0.0.1 for tests: serves the folder given as argv[1] on a
# port the system picks, says "LISTENING <port>" once it accepts connections, and prints
# one line per request, "REQUEST auth|noauth <request line>", so a test can count what
# reached it and whether any request carried credentials.
import functools
import http.server
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        auth = "auth" if self.headers.get("Authorization") else "noauth"
        sys.stdout.write("REQUEST %s %s\n" % (auth, self.requestline))
        sys.stdout.flush()


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=sys.argv[1]))
print("LISTENING %d" % server.server_address[1], flush=True)
server.serve_forever()
