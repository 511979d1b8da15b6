"""An MLflow tracking server that answers SwiftRL's requests at once and stores nothing, for
measuring what SwiftRL's side of MLflow tracking costs (BENCHMARKS.md, Tracking).
Usage: python3 scripts/fake_mlflow_server.py PORT"""
import http.server, json, sys
class Fake(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length: self.rfile.read(length)
        if "get-by-name" in self.path: body = {"experiment": {"experiment_id": "1"}}
        elif "runs/create" in self.path: body = {"run": {"info": {"run_id": "r", "artifact_uri": "mlflow-artifacts:/1/r/artifacts"}}}
        else: body = {}
        data = json.dumps(body).encode()
        self.send_response(200); self.send_header("Content-Length", str(len(data))); self.end_headers(); self.wfile.write(data)
    do_GET = do_POST = do_PUT = answer
    def log_message(self, *args): pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Fake).serve_forever()
