"""A local OTLP/gRPC trace receiver for the tests, in place of App Runner's collector.

Implements OpenTelemetry's TraceService.Export with the generated classes of opentelemetry-proto
and grpcio (Debian's python3-opentelemetry-proto, python3-grpcio: it runs in the test root) on
127.0.0.1 only, and writes one JSON object per received span to --output:
{"resource": {...}, "scope": ..., "name": ..., "trace_id": hex, "attributes": {...}}.
The port it listens on (free, chosen by the kernel) goes to --port-file. Stops on SIGTERM.
"""
import argparse
import json
import os
import signal
import threading
import warnings
from concurrent import futures

# Debian pairs grpcio 1.51 with protobuf code generated for grpcio >= 1.63: a RuntimeWarning
# at import, nothing the receiver relies on
warnings.filterwarnings("ignore", category=RuntimeWarning, message=".*grpc.*")

import grpc  # noqa: E402
from opentelemetry.proto.collector.trace.v1 import (  # noqa: E402
    trace_service_pb2,
    trace_service_pb2_grpc,
)


def plain(any_value):
    kind = any_value.WhichOneof("value")
    if kind in (None, "array_value", "kvlist_value", "bytes_value"):
        return str(getattr(any_value, kind)) if kind else None
    return getattr(any_value, kind)


def attributes(key_values):
    return {kv.key: plain(kv.value) for kv in key_values}


class Receiver(trace_service_pb2_grpc.TraceServiceServicer):
    def __init__(self, output):
        self.output = output
        self.lock = threading.Lock()

    def Export(self, request, context):  # noqa: N802 (the generated service's method name)
        lines = []
        for resource_spans in request.resource_spans:
            resource = attributes(resource_spans.resource.attributes)
            for scope_spans in resource_spans.scope_spans:
                for span in scope_spans.spans:
                    lines.append(json.dumps({
                        "resource": resource,
                        "scope": scope_spans.scope.name,
                        "name": span.name,
                        "trace_id": span.trace_id.hex(),
                        "start_ns": span.start_time_unix_nano,
                        "attributes": attributes(span.attributes),
                    }) + "\n")
        with self.lock, open(self.output, "a") as out:
            out.writelines(lines)
        return trace_service_pb2.ExportTraceServiceResponse()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", required=True)
    parser.add_argument("--port-file", required=True)
    args = parser.parse_args()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    trace_service_pb2_grpc.add_TraceServiceServicer_to_server(Receiver(args.output), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    with open(args.port_file + ".tmp", "w") as out:
        out.write(f"{port}\n")
    # renamed into place, so a reader never sees a half-written file
    os.replace(args.port_file + ".tmp", args.port_file)
    print(f"otlp_receiver: listening on 127.0.0.1:{port}, spans to {args.output}", flush=True)
    stop.wait()
    server.stop(grace=1).wait()


if __name__ == "__main__":
    main()
