#!/usr/bin/env bash
# The Django image's benchmark (`npm run bench:django`): the reliability suite with the comparison
# against the blog's `manage.py runserver` (same settings, same TLS proxy, same load), whose figures
# the README quotes. `npm test` runs the same suite without the comparison (it is a baseline we
# report, not a property of the image, and takes ~70 s); .ci/run runs this one too.
# Pass FIGURES_OUT=<file> to keep the figures table.
set -euo pipefail
cd "$(dirname "$0")/.."
COMPARE_RUNSERVER=1 exec bash django-image/tests/reliability.sh
