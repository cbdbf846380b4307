"""gunicorn settings for DJANGO_TRACING=true: one OpenTelemetry tracer provider per worker.

docker-entrypoint.sh runs `opentelemetry-instrument python3 -m gunicorn ... --config
python:config.gunicorn_tracing`. opentelemetry-instrument instruments Django, psycopg2 and
urllib in the master; their tracers are proxies until a tracer provider is set. Nothing sets
one in the master (the image installs no opentelemetry-distro, whose configurator would):
OpenTelemetry documents its BatchSpanProcessor as not fork-safe under gunicorn's pre-fork model
and the gRPC exporter's channel does not survive a fork either, so each worker makes its own
provider, span processor and exporter right after the fork (post_fork), as advised in
https://opentelemetry-python.readthedocs.io/en/latest/examples/fork-process-model/README.html.

Configured by OpenTelemetry's own variables: OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES,
OTEL_EXPORTER_OTLP_* (endpoint: the gRPC exporter's default, localhost:4317), OTEL_BSP_*,
OTEL_TRACES_SAMPLER*, and OTEL_PYTHON_ID_GENERATOR, which names an installed ID generator
(the entrypoint's default, xray, comes with opentelemetry-sdk-extension-aws).
"""
import os
from importlib.metadata import entry_points

from opentelemetry import trace
from opentelemetry.sdk.resources import PROCESS_PID, Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor

ID_GENERATOR = os.environ.get("OTEL_PYTHON_ID_GENERATOR", "xray").strip() or "xray"


def _id_generator_entry_point(name):
    found = entry_points(group="opentelemetry_id_generator", name=name)
    if not found:
        installed = sorted(entry_points(group="opentelemetry_id_generator").names)
        # SystemExit: gunicorn prints the message and exits 1 instead of serving untraced
        raise SystemExit(
            f"gunicorn_tracing: OTEL_PYTHON_ID_GENERATOR={name}: no such ID generator installed "
            f"(installed: {', '.join(installed) or 'none'}; xray comes with "
            "opentelemetry-sdk-extension-aws, see requirements.txt)"
        )
    return next(iter(found))


# checked once in the master when gunicorn reads this file: a missing generator stops the start
_ID_GENERATOR_ENTRY_POINT = _id_generator_entry_point(ID_GENERATOR)


def post_fork(server, worker):
    # imported here: grpc is never loaded in the master, only in the workers that use it
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

    provider = TracerProvider(
        # merged with OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES; the worker's own PID
        resource=Resource.create({PROCESS_PID: os.getpid()}),
        id_generator=_ID_GENERATOR_ENTRY_POINT.load()(),
    )
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
    if trace.get_tracer_provider() is not provider:
        server.log.error(
            "gunicorn_tracing: worker %s: a tracer provider was set before the fork (is "
            "opentelemetry-distro installed?); its spans may not be exported", worker.pid)
        return
    server.log.info("gunicorn_tracing: worker %s: tracer provider made after the fork "
                    "(ID generator %s, spans over OTLP/gRPC)", worker.pid, ID_GENERATOR)


def worker_exit(server, worker):
    # flushes the spans still queued when a worker stops (deployment, scale-in, restart)
    provider = trace.get_tracer_provider()
    if isinstance(provider, TracerProvider):
        provider.shutdown()
