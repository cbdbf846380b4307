#!/usr/bin/env bash
# Installs the Debian packages that the Django image's local proof needs (PostgreSQL, Django 4.2
# from bookworm-backports, gunicorn, whitenoise, nginx, Chromium, wrk). Needs root; idempotent.
set -euo pipefail
packages=(postgresql python3-psycopg2 python3-gunicorn python3-whitenoise nginx chromium openssl wrk curl
  apache2-utils procps)
if ! grep -rqs bookworm-backports /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "deb http://deb.debian.org/debian bookworm-backports main" >/etc/apt/sources.list.d/bookworm-backports.list
fi
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
django=$(dpkg-query -W -f='${Version}' python3-django 2>/dev/null || true)
case "$django" in *:4.2*|4.2*) ;; *) missing+=(python3-django) ;; esac
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-test-deps: all packages present"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
apt-get install -y -qq --no-install-recommends -t bookworm-backports python3-django >/dev/null
# the packaged services are started by the tests themselves, on private ports
service nginx stop >/dev/null 2>&1 || true
service postgresql stop >/dev/null 2>&1 || true
echo "install-test-deps: installed ${missing[*]}"
