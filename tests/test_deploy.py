"""The deploy files hold what hosting depends on: read as Docker, compose and Kubernetes would read them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .support.paths import ROOT

DEPLOY = ROOT / "deploy"


def _kubernetes() -> dict[str, dict]:
    docs = [d for f in sorted((DEPLOY / "kubernetes").glob("*.yaml")) for d in yaml.safe_load_all(f.read_text())]
    return {d["kind"]: d for d in docs if d and "kind" in d}


def test_dockerfile_runs_unprivileged_with_a_health_check_and_env_settings() -> None:
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.1[1-3]-slim", text, re.M)
    assert re.search(r"^USER 10001$", text, re.M)
    assert re.search(r"^HEALTHCHECK .*\n.*/_stcore/health", text, re.M)
    assert "requirements.lock" in text and "requirements-test.lock" not in text
    for copied in re.findall(r"^COPY (\S+)", text, re.M):
        assert (ROOT / copied).exists(), copied
    assert "STREAMLIT_SERVER_PORT" in text


def test_the_image_installs_the_cjk_font_the_report_looks_for_first() -> None:
    """Every script: a company name in Chinese, Japanese or Korean prints in the image's PDFs."""
    from advisor.present.fonts import SYSTEM_CJK

    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"apt-get install -y --no-install-recommends fonts-wqy-microhei", text)
    assert SYSTEM_CJK[0] == Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")  # where Debian's package puts it


def test_compose_has_two_replicas_postgres_and_haproxy_with_the_shared_config() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"app1", "app2", "db", "proxy"} <= services.keys()
    assert services["db"]["image"].startswith("postgres:")
    assert "./haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in services["proxy"]["volumes"]
    for app in ("app1", "app2"):
        assert services[app]["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
        assert services["proxy"]["environment"][f"ADVISOR_{app.upper()}"] == f"{app}:8501"


def test_kubernetes_deployment_service_and_ingress_follow_the_conventions() -> None:
    k = _kubernetes()
    spec = k["Deployment"]["spec"]
    assert spec["replicas"] >= 2
    container = spec["template"]["spec"]["containers"][0]
    for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
        assert container[probe]["httpGet"]["path"] == "/_stcore/health"
    env = {e["name"]: e for e in container["env"]}
    assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"]["key"] == "DATABASE_URL"
    assert container["resources"]["requests"]["memory"] and container["resources"]["limits"]["memory"]
    assert spec["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    assert k["Service"]["spec"]["sessionAffinity"] == "ClientIP"
    annotations = k["Ingress"]["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 3600
    assert "frame-ancestors 'none'" in annotations["nginx.ingress.kubernetes.io/configuration-snippet"]


@pytest.mark.skipif(not shutil.which("haproxy") and not Path("/usr/sbin/haproxy").exists(), reason="no haproxy")
@pytest.mark.parametrize("extra", [{}, {"ADVISOR_APP3": "127.0.0.1:3"}])
def test_haproxy_accepts_the_config(extra: dict[str, str]) -> None:
    env = {"ADVISOR_BIND": "127.0.0.1:1", "ADVISOR_APP1": "127.0.0.1:1", "ADVISOR_APP2": "app2:8501", **extra}
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    check = subprocess.run(
        [haproxy, "-c", "-f", str(DEPLOY / "haproxy.cfg")], env=env, capture_output=True, text=True, timeout=30
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_community_cloud_reads_the_runtime_lock() -> None:
    assert (ROOT / "requirements.txt").read_text().split() == ["-r", "requirements.lock"]
    assert not (ROOT / "uv.lock").exists() and not (ROOT / "Pipfile").exists()  # Cloud would read those first


def test_the_ingress_takes_the_largest_upload_the_app_accepts() -> None:
    import tomllib

    app_mb = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())["server"]["maxUploadSize"]
    body = _kubernetes()["Ingress"]["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"]
    assert body.endswith("m") and int(body[:-1]) >= app_mb


def test_every_deployment_behind_a_proxy_trusts_exactly_one_hop() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    for app in ("app1", "app2"):
        assert str(compose["services"][app]["environment"]["ADVISOR_TRUSTED_PROXIES"]) == "1"
    env = {
        e["name"]: e.get("value")
        for e in _kubernetes()["Deployment"]["spec"]["template"]["spec"]["containers"][0]["env"]
    }
    assert env["ADVISOR_TRUSTED_PROXIES"] == "1"
    assert "ADVISOR_TRUSTED_PROXIES" not in (DEPLOY / "Dockerfile").read_text()  # alone, the image trusts no header
    proxy = compose["services"]["proxy"]
    assert any(p.endswith(":8443") for p in proxy["ports"])  # the TLS port is published for the redirect


def test_haproxy_never_logs_a_query_string() -> None:
    cfg = (DEPLOY / "haproxy.cfg").read_text()
    assert "option httplog" not in cfg  # its format writes the whole address
    formats = re.findall(r"^\s*log-format (.*)$", cfg, re.M)
    assert formats and all("%HP" in f and not re.search(r"%(\{[^}]*\})?(r|HU|HQ)\b", f) for f in formats)


def test_the_image_runs_the_app_from_an_uninformative_path() -> None:
    """Streamlit sends the entry script's path to every browser (no setting stops it): in the image it is
    /app/app.py, naming no user, home or build directory."""
    text = (DEPLOY / "Dockerfile").read_text()
    assert re.search(r"^WORKDIR /app$", text, re.M)
    assert re.search(r'^CMD \["python", "-m", "advisor\.ui\.logs", "app\.py"\]$', text, re.M)
    assert re.search(r"^COPY app\.py ", text, re.M)
