"""The deployment files in deploy/ as an operator uses them: they parse, every `madina` command and option they
name exists, every setting they set is documented, and nginx, with deploy/nginx/madina.conf, serves a production
server: TLS, the redirect to HTTPS, unknown hosts dropped, static files from disk, uploads by X-Accel-Redirect, the
request id shared with the app."""

import configparser
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time

import pytest
import yaml

from madina.core import media
from tests.conftest import REPO
from tests.servers import free_port, madina, prepare, production_env, production_server

DEPLOY = REPO / "deploy"
README = (REPO / "README.md").read_text()
HOST = "madina.example.tn"


def _madina_calls(text: str) -> list[list[str]]:
    """Each `madina ...` command line in a unit, a Dockerfile or a compose command, as its words."""
    calls = []
    for line in text.splitlines():
        for match in re.finditer(r"(?:^|[\s/\"'\[])madina(?:\"?,\s*\"|\s+)(.*)", line):
            words = [w.strip('",[]().') for w in re.split(r'",\s*"|\s+', match.group(1)) if w.strip('",[]().')]
            calls.append([w for w in words if not w.startswith(("$", "/var/backups"))])
    return [call for call in calls if call and re.fullmatch(r"[a-z_]+", call[0])]


def _check_madina_call(words: list[str]) -> None:
    command, options = words[0], [w.split("=")[0] for w in words[1:] if w.startswith("--")]
    result = madina(command, "--help", env=production_env(REPO / "var" / "deploy-check", DEBUG="1"))
    assert result.returncode == 0, f"madina {command}: {result.stderr}"
    for option in options:
        assert option in result.stdout, f"madina {command} has no {option}"


def _documented(name: str) -> bool:
    return f"`{name}`" in README


def test_systemd_units_parse_and_run_commands_that_exist():
    units = sorted((DEPLOY / "systemd").glob("madina-*"))
    assert {unit.name for unit in units} >= {"madina-web.service", "madina-worker@.service", "madina-backup.timer",
                                           "madina-housekeeping.timer"}
    for unit in units:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str
        parser.read_string(unit.read_text())
        assert "Unit" in parser, unit
        if unit.suffix == ".service":
            assert parser["Service"]["EnvironmentFile"] == "/etc/madina/madina.env"
            for call in _madina_calls(parser["Service"].get("ExecStart", "")):
                _check_madina_call(call)


def test_the_environment_example_sets_only_documented_settings():
    names = re.findall(r"^([A-Z][A-Z0-9_]*)=", (DEPLOY / "madina.env.example").read_text(), re.MULTILINE)
    assert {"DEBUG", "SECRET_KEY", "MADINA_BALLOT_KEY", "ALLOWED_HOSTS", "MADINA_SITE_URL"} <= set(names)
    assert not [name for name in names if not _documented(name)]


def test_the_compose_file_parses_and_runs_commands_that_exist():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "redis", "migrate", "web1", "web2", "worker", "housekeeping"} <= set(services)
    for name, service in services.items():
        if "command" in service and service["command"][0] == "madina":
            _check_madina_call(service["command"][1:])
        environment = service.get("environment", {})
        if name not in ("db", "redis"):
            assert not [key for key in environment if not _documented(key)], name


def test_the_dockerfile_runs_commands_that_exist_and_sets_documented_settings():
    text = (DEPLOY / "Dockerfile").read_text()
    instructions = {line.split()[0] for line in text.splitlines() if line and not line.startswith((" ", "#"))}
    assert instructions <= {"FROM", "ENV", "RUN", "WORKDIR", "COPY", "USER", "EXPOSE", "HEALTHCHECK", "CMD"}
    calls = _madina_calls(text)
    assert ["serve", "--production", "--host", "0.0.0.0", "--port", "8000"] in calls
    for call in calls:
        _check_madina_call(call)
    for name in re.findall(r"\b([A-Z][A-Z0-9_]+)=", text):
        assert _documented(name) or name in ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"), name


# nginx in front of a production server ------------------------------------------------------------------------


class _Tls(http.client.HTTPSConnection):
    """HTTPS to the loopback, naming the site (SNI and Host) as a browser would, the test certificate trusted."""

    def __init__(self, port):
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        super().__init__(HOST, port, context=context, timeout=15)
        self._port = port

    def connect(self):
        raw = socket.create_connection(("127.0.0.1", self._port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)


def _get(port, path, *, tls=True, host=HOST):
    connection = _Tls(port) if tls else http.client.HTTPConnection("127.0.0.1", port, timeout=15)
    connection.request("GET", path, headers={"Host": host})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, dict(response.getheaders()), body


IMAGE = (
    "import io\nfrom PIL import Image\nfrom django.core.files.uploadedfile import SimpleUploadedFile\n"
    "from madina.participation import services\nfrom madina.participation.models import Process\n"
    "process = Process.objects.get()\nfirst = process.proposals.order_by('pk').first()\n"
    "buffer = io.BytesIO(); Image.new('RGB', (64, 64), 'red').save(buffer, 'PNG')\n"
    "p = services.create_proposal(process, first.author, title='Ombre', body='<p>x</p>', sector=first.sector,"
    " latitude=first.latitude, longitude=first.longitude,"
    " images=[services.ImageUpload(SimpleUploadedFile('o.png', buffer.getvalue()), 'ombre')])\n"
    "print(p.images.get().image.url)"
)


@pytest.fixture(scope="module")
def behind_nginx(tmp_path_factory):
    if shutil.which("nginx") is None:
        pytest.skip("nginx is not installed (.ci/run installs it)")
    tmp = tmp_path_factory.mktemp("nginx")
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    env = production_env(tmp / "var", ALLOWED_HOSTS=HOST, MADINA_SITE_URL=f"https://{HOST}", SECURE_SSL_REDIRECT="1",
                         MADINA_MEDIA_ACCEL="/protected-media/", STATIC_ROOT=str(tmp / "static"),
                         MEDIA_ROOT=str(tmp / "media"), EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    prepare(env, ("demo", "--quiet"))
    image_url = madina("shell", "-c", IMAGE, env=env).stdout.strip().splitlines()[-1]
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
                    "-keyout", tmp / "key.pem", "-out", tmp / "cert.pem"], check=True, capture_output=True)
    site = (DEPLOY / "nginx" / "madina.conf").read_text()
    site = (site.replace("listen 80", f"listen {http_port}").replace("listen 443", f"listen {https_port}")
            .replace("127.0.0.1:8000", f"127.0.0.1:{app_port}").replace("/var/lib/madina/", f"{tmp}/")
            .replace(f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(tmp / "cert.pem"))
            .replace(f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(tmp / "key.pem")))
    (tmp / "site.conf").write_text(site)
    (tmp / "nginx.conf").write_text(
        f"{'user root;' if os.geteuid() == 0 else ''}\nworker_processes 1;\npid {tmp}/nginx.pid;\n"
        f"error_log {tmp}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n"
        f"  access_log {tmp}/access.log;\n  client_body_temp_path {tmp}/body;\n  proxy_temp_path {tmp}/proxy;\n"
        f"  include {tmp}/site.conf;\n}}\n")
    checked = subprocess.run(["nginx", "-t", "-c", str(tmp / "nginx.conf"), "-p", str(tmp)], capture_output=True,
                             text=True)
    assert checked.returncode == 0, checked.stderr
    with production_server(env, port=app_port):
        nginx = subprocess.Popen(["nginx", "-c", str(tmp / "nginx.conf"), "-p", str(tmp), "-g", "daemon off;"])
        try:
            _wait_for(https_port)
            yield {"https": https_port, "http": http_port, "image": image_url}
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)


def _wait_for(port):
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            assert time.monotonic() < deadline, f"nothing listens on {port}"
            time.sleep(0.1)


@pytest.mark.slow
def test_pages_come_through_tls_with_the_request_id_of_nginx(behind_nginx):
    status, headers, body = _get(behind_nginx["https"], "/projets/")
    assert status == 200 and b"Madina" in body
    assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])
    assert "Strict-Transport-Security" in headers


@pytest.mark.slow
def test_plain_http_is_sent_to_https_and_unknown_hosts_are_dropped(behind_nginx):
    status, headers, _body = _get(behind_nginx["http"], "/projets/", tls=False)
    assert status == 301 and headers["Location"] == f"https://{HOST}/projets/"
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        _get(behind_nginx["http"], "/", tls=False, host="203.0.113.9")


@pytest.mark.slow
def test_static_files_come_from_disk_cached_for_ever(behind_nginx):
    _status, _headers, page = _get(behind_nginx["https"], "/")
    css = re.search(rb'href="(/static/madina/site\.[0-9a-f]+\.css)"', page).group(1).decode()
    status, headers, _body = _get(behind_nginx["https"], css)
    assert status == 200 and "immutable" in headers["Cache-Control"]


@pytest.mark.slow
def test_uploads_are_sent_by_nginx_after_the_apps_check(behind_nginx):
    status, headers, body = _get(behind_nginx["https"], behind_nginx["image"])
    assert status == 200 and body.startswith(b"\x89PNG")
    assert headers["Content-Type"] == "image/png" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == media.CONTENT_SECURITY_POLICY
    assert headers["Cache-Control"].startswith("public")
    assert "X-Accel-Redirect" not in headers
    assert _get(behind_nginx["https"], "/protected-media/" + behind_nginx["image"].removeprefix("/media/"))[0] == 404


@pytest.mark.slow
def test_the_load_balancers_health_check_comes_through(behind_nginx):
    status, _headers, body = _get(behind_nginx["https"], "/health/ready")
    assert status == 200 and b'"ready": true' in body
