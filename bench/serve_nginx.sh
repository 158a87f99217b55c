#!/usr/bin/env bash
# Serve a static directory with nginx on 127.0.0.1:PORT, in the foreground, until stopped.
#
#   bash bench/serve_nginx.sh DIR PORT [WORKERS]        # Ctrl-C / SIGTERM / SIGQUIT stops it
#
# The config, pid file, logs and nginx's temp paths live in a fresh temp dir, removed on exit; the
# system nginx config is not used. nginx runs with `daemon off` as this script's child; SIGTERM,
# SIGINT or SIGQUIT to this script stops nginx gracefully (SIGQUIT to the master), waits for it and
# cleans up, so a caller needs one signal to one PID.
# nginx sends `Content-Type: text/html` with no charset (charset off), so pages that declare their
# charset only in <meta> (the windows-1251 ones from make_site.py) stay that way. Access log off.
set -euo pipefail

if [[ $# -lt 2 ]]; then
    echo "usage: $0 DIR PORT [WORKERS]" >&2
    exit 2
fi
dir=$(cd "$1" && pwd)
port=$2
workers=${3:-1}
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $nginx ]] || { echo "nginx not found (apt-get install nginx)" >&2; exit 2; }

tmp=$(mktemp -d /tmp/bench-nginx.XXXXXX)
chmod 755 "$tmp"
user_line=""
if [[ $(id -u) -eq 0 ]]; then
    user_line="user nobody nogroup;"   # workers read $dir as nobody: it must be world-readable
fi
cat > "$tmp/nginx.conf" <<EOF
$user_line
worker_processes $workers;
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/error.log warn;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    charset off;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_timeout 30;
    keepalive_requests 100000;
    client_body_temp_path $tmp/client_body;
    proxy_temp_path $tmp/proxy;
    fastcgi_temp_path $tmp/fastcgi;
    uwsgi_temp_path $tmp/uwsgi;
    scgi_temp_path $tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        server_name localhost;
        root $dir;
        index index.html;
        location / { try_files \$uri \$uri/ =404; }
    }
}
EOF
"$nginx" -t -q -p "$tmp" -c "$tmp/nginx.conf"
child=""
stop() {
    if [[ -n $child ]]; then
        kill -QUIT "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    rm -rf "$tmp"
    exit 0
}
trap stop TERM INT QUIT
"$nginx" -p "$tmp" -c "$tmp/nginx.conf" &
child=$!
echo "nginx: serving $dir on http://127.0.0.1:$port/ (config $tmp/nginx.conf, master pid $child, script pid $$)" >&2
wait "$child" || true
rm -rf "$tmp"
