#!/usr/bin/env bash
# Unit tests (Django test runner, SQLite): settings parsing, healthz, management commands, the
# entrypoint's command line. Django runs in the Debian unstable root (lib.sh: in_root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2034  # read by lib.sh
SUITE=unit
# shellcheck source=lib.sh
source "$here/lib.sh"
require_python_django
print_versions
log_file="$(mktemp)"
trap 'rm -f "$log_file"' EXIT
set +e
in_root /usr/bin/env -C "$PROJECT_DIR" -u DJANGO_SETTINGS_MODULE \
  DJANGO_SECRET_KEY=unit-test-secret-key-not-used-anywhere-else-0123456789 PYTHONDONTWRITEBYTECODE=1 \
  python3 manage.py test ops --settings=config.test_settings -v 2 --noinput >"$log_file" 2>&1
rc=$?
set -e
cat "$log_file"
total="$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' "$log_file" | tail -1)"
failures="$(sed -n 's/^FAILED (.*failures=\([0-9]*\).*/\1/p' "$log_file" | tail -1)"
errors="$(sed -n 's/^FAILED (.*errors=\([0-9]*\).*/\1/p' "$log_file" | tail -1)"
failed=$(( ${failures:-0} + ${errors:-0} ))
total=${total:-0}
if ((rc != 0 && failed == 0)); then failed=1; fi
echo "unit: $((total - failed)) passed, ${failed} failed"
((rc == 0 && total > 0))
