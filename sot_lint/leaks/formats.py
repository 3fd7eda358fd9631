"""Current vendor token formats (SOT301), kept as data, beside detect-secrets.

Each format is written from its vendor's own description of the token:
a distinctive prefix (GitHub `ghp_`, GitLab `glpat-`, OpenAI `sk-proj-`,
Hugging Face `hf_`...), the body's charset and length where the vendor
documents them, or a fixed structure (a JWT's `ey…\u200b.ey…\u200b.`). detect-secrets
stays the engine for the formats it knows; these catch the rest wherever
they are written, with no telling name beside them.

Every format has one literal `keyword` that any match contains. One regex of
all keywords screens a line first, so a clean line costs a single pass; only
the formats whose keyword is on the line then run. A value that only stands
in for a token (`ghp_xxxx…`, `AKIAXXXXXXXXXXXXXXXX`) is never reported.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from sot_lint.leaks.placeholder import is_placeholder


class Format(NamedTuple):
    vendor: str
    kind: str  # what the finding calls it: "GitHub personal access token"
    keyword: str  # a literal every match contains (the screen)
    pattern: str  # the whole token; `(?<![\w-])` and `(?![\w-])` are added unless it says otherwise
    prefix: str = ""  # what precedes the secret part (for the placeholder test); default: keyword


_B62 = "[A-Za-z0-9]"
_HEX = "[a-f0-9]"
_B64U = r"[A-Za-z0-9_\-]"
_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def _f(vendor: str, kind: str, keyword: str, body: str, *, prefix: str | None = None) -> Format:
    """A format: `body` follows `keyword`, or is the whole pattern when `prefix` is given."""
    return Format(vendor, kind, keyword, re.escape(keyword) + body if prefix is None else body, prefix or keyword)


FORMATS: tuple[Format, ...] = (
    # GitHub: "ghp_" etc. + 36 base62 characters (the last 6 a CRC32 checksum); fine-grained "github_pat_".
    _f("GitHub", "GitHub personal access token", "ghp_", f"{_B62}{{36}}"),
    _f("GitHub", "GitHub OAuth access token", "gho_", f"{_B62}{{36}}"),
    _f("GitHub", "GitHub user-to-server token", "ghu_", f"{_B62}{{36}}"),
    _f("GitHub", "GitHub server-to-server token", "ghs_", f"{_B62}{{36}}"),
    _f("GitHub", "GitHub refresh token", "ghr_", f"{_B62}{{36,76}}"),
    _f("GitHub", "GitHub fine-grained personal access token", "github_pat_", r"[A-Za-z0-9_]{60,255}"),
    # GitLab token prefixes (GitLab docs, "Token prefixes").
    _f("GitLab", "GitLab personal access token", "glpat-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab OAuth application secret", "gloas-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab deploy token", "gldt-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab runner authentication token", "glrt-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab runner token (routable)", "glrtr-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab CI/CD job token", "glcbt-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab pipeline trigger token", "glptt-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab feed token", "glft-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab incoming mail token", "glimt-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab agent for Kubernetes token", "glagent-", r"[\w.-]{50,300}"),
    _f("GitLab", "GitLab SCIM token", "glsoat-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab feature flags client token", "glffct-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab workspace token", "glwt-", r"[\w.-]{20,300}"),
    _f("GitLab", "GitLab runner registration token", "GR1348941", r"[\w-]{20,}"),
    _f(
        "GitLab",
        "GitLab session cookie",
        "_gitlab_session=",
        r"_gitlab_session=[0-9a-z]{32}",
        prefix="_gitlab_session=",
    ),
    # AI providers.
    _f("OpenAI", "OpenAI project API key", "sk-proj-", rf"{_B64U}{{40,250}}"),
    _f("OpenAI", "OpenAI service account key", "sk-svcacct-", rf"{_B64U}{{40,250}}"),
    _f("OpenAI", "OpenAI admin key", "sk-admin-", rf"{_B64U}{{40,250}}"),
    _f("OpenAI", "OpenAI API key", "T3BlbkFJ", rf"sk-{_B64U}{{16,80}}T3BlbkFJ{_B64U}{{16,80}}", prefix="sk-"),
    _f("Anthropic", "Anthropic API key", "sk-ant-api03-", rf"{_B64U}{{80,120}}"),
    _f("Anthropic", "Anthropic admin key", "sk-ant-admin01-", rf"{_B64U}{{80,120}}"),
    _f("Anthropic", "Anthropic OAuth token", "sk-ant-oat01-", rf"{_B64U}{{80,120}}"),
    _f("Hugging Face", "Hugging Face access token", "hf_", "[A-Za-z]{34}"),
    _f("Hugging Face", "Hugging Face organization token", "api_org_", "[A-Za-z]{34}"),
    _f("Google", "Google API key", "AIza", rf"{_B64U}{{35}}"),
    _f("Google", "Google OAuth client secret", "GOCSPX-", rf"{_B64U}{{28}}"),
    _f("Google", "Google OAuth access token", "ya29.", rf"{_B64U}{{30,}}"),
    _f("Google", "Google OAuth refresh token", "1//0", rf"{_B64U}{{40,}}"),
    _f(
        "Google",
        "Firebase Cloud Messaging server key",
        ":APA91b",
        rf"AAAA{_B64U}{{7}}:APA91b{_B64U}{{100,}}",
        prefix="AAAA",
    ),
    _f("Perplexity", "Perplexity API key", "pplx-", f"{_B62}{{48}}"),
    _f("Groq", "Groq API key", "gsk_", f"{_B62}{{52}}"),
    _f("xAI", "xAI API key", "xai-", f"{_B62}{{70,90}}"),
    _f("OpenRouter", "OpenRouter API key", "sk-or-v1-", f"{_HEX}{{64}}"),
    _f("Replicate", "Replicate API token", "r8_", f"{_B62}{{37}}"),
    _f("Together AI", "Together AI API key", "tgp_v1_", rf"{_B64U}{{40,}}"),
    _f("Cerebras", "Cerebras API key", "csk-", "[a-z0-9]{48}"),
    _f("LangChain", "LangSmith personal token", "lsv2_pt_", f"{_HEX}{{32}}_{_HEX}{{10}}"),
    _f("LangChain", "LangSmith service key", "lsv2_sk_", f"{_HEX}{{32}}_{_HEX}{{10}}"),
    _f("Pinecone", "Pinecone API key", "pcsk_", rf"{_B62}{{4,10}}_{_B64U}{{40,80}}"),
    _f("Langfuse", "Langfuse secret key", "sk-lf-", _UUID),
    _f("ElevenLabs", "ElevenLabs API key", "sk_", f"{_HEX}{{48}}"),
    _f("Fireworks AI", "Fireworks AI API key", "fw_", f"{_B62}{{24}}"),
    # Chat and collaboration.
    _f("Slack", "Slack bot token", "xoxb-", r"\d{8,13}-[\w-]{8,}"),
    _f("Slack", "Slack user token", "xoxp-", r"\d{8,13}-\d{8,13}-[\w-]{8,}"),
    _f("Slack", "Slack workspace access token", "xoxa-", r"[\w-]{10,}"),
    _f("Slack", "Slack refresh token", "xoxr-", r"\d+-[\w-]{8,}"),
    _f("Slack", "Slack legacy token", "xoxs-", r"\d{8,13}-\d{8,13}-[\w-]{8,}"),
    _f("Slack", "Slack configuration access token", "xoxe.xox", r"[bp]-\d-[A-Za-z0-9]{100,}"),
    _f("Slack", "Slack configuration or rotated token", "xoxe-", r"[\w-]{40,}"),
    _f("Slack", "Slack app-level token", "xapp-", r"\d-[A-Z0-9]+-\d+-[a-z0-9]{30,}"),
    _f("Slack", "Slack webhook URL", "hooks.slack.com/", r"(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}"),
    _f(
        "Microsoft",
        "Microsoft Teams webhook URL",
        ".webhook.office.com/webhookb2/",
        r"https://[\w.-]+\.webhook\.office\.com/webhookb2/[\w@/-]{30,}",
        prefix="https://",
    ),
    _f("Discord", "Discord webhook URL", "discord.com/api/webhooks/", r"\d{17,20}/[\w-]{60,68}"),
    _f("Telegram", "Telegram bot token", ":AA", rf"\d{{8,10}}:AA{_B64U}{{33}}", prefix=""),
    _f("Atlassian", "Atlassian API token", "ATATT3", r"[\w=-]{170,260}"),
    _f("Atlassian", "Atlassian admin API key", "ATCTT3", r"[\w=-]{170,260}"),
    _f("Bitbucket", "Bitbucket app password", "ATBB", f"{_B62}{{28,40}}"),
    _f("Linear", "Linear API key", "lin_api_", f"{_B62}{{40}}"),
    _f("Linear", "Linear OAuth token", "lin_oauth_", f"{_HEX}{{64}}"),
    _f("Notion", "Notion integration token", "ntn_", f"{_B62}{{40,50}}"),
    _f("Notion", "Notion integration secret", "secret_", f"{_B62}{{43}}"),
    _f("Figma", "Figma personal access token", "figd_", rf"{_B64U}{{40,}}"),
    _f("Airtable", "Airtable personal access token", "pat", rf"{_B62}{{14}}\.{_HEX}{{64}}"),
    _f("Asana", "Asana personal access token", "2/", rf"2/\d{{10,20}}/\d{{10,20}}:{_HEX}{{32}}", prefix="2/"),
    _f("ClickUp", "ClickUp personal token", "pk_", r"\d{6,10}_[A-Z0-9]{32}"),
    _f("Intercom", "Intercom access token", "dG9rOj", r"[A-Za-z0-9+/]{40,}=*"),
    _f("Monday", "Typeform personal token", "tfp_", r"[\w=.-]{40,70}"),
    _f("Postman", "Postman API key", "PMAK-", f"{_HEX}{{24}}-{_HEX}{{34}}"),
    _f("Readme", "ReadMe API key", "rdme_", "[a-z0-9]{70}"),
    # Source hosting, CI and packages.
    _f("npm", "npm access token", "npm_", f"{_B62}{{36}}"),
    _f("PyPI", "PyPI upload token", "pypi-AgEIcHlwaS5vcmc", rf"{_B64U}{{50,}}"),
    _f("PyPI", "TestPyPI upload token", "pypi-AgENdGVzdC5weXBpLm9yZw", rf"{_B64U}{{50,}}"),
    _f("RubyGems", "RubyGems API key", "rubygems_", f"{_HEX}{{48}}"),
    _f("Clojars", "Clojars deploy token", "CLOJARS_", "[a-z0-9]{60}"),
    _f("NuGet", "NuGet API key", "oy2", "[a-z0-9]{43}"),
    _f("crates.io", "crates.io API token", "cio", f"{_B62}{{32}}"),
    _f("Docker", "Docker Hub personal access token", "dckr_pat_", rf"{_B64U}{{27}}"),
    _f("Docker", "Docker Hub organization access token", "dckr_oat_", rf"{_B64U}{{32}}"),
    _f("CircleCI", "CircleCI personal API token", "CCIPAT_", rf"{_B62}{{22}}_{_HEX}{{40}}"),
    _f("Buildkite", "Buildkite API token", "bkua_", f"{_HEX}{{40}}"),
    _f("Buildkite", "Buildkite agent token", "bkat_", f"{_B62}{{40,}}"),
    _f("Sourcegraph", "Sourcegraph access token", "sgp_", r"(?:local_|[a-fA-F0-9]{16}_)?[a-fA-F0-9]{40}"),
    _f("Sourcegraph", "Sourcegraph Cody gateway key", "sgd_", f"{_HEX}{{64}}"),
    _f("SonarQube", "SonarQube user token", "squ_", f"{_HEX}{{40}}"),
    _f("SonarQube", "SonarQube project analysis token", "sqp_", f"{_HEX}{{40}}"),
    _f("SonarQube", "SonarQube global analysis token", "sqa_", f"{_HEX}{{40}}"),
    _f("Octopus Deploy", "Octopus Deploy API key", "API-", "[A-Z0-9]{25,32}"),
    _f("JFrog", "JFrog API key", "AKCp", f"{_B62}{{69}}"),
    _f("JFrog", "JFrog reference token", "cmVmd", f"{_B62}{{59}}"),
    _f("Harness", "Harness personal access token", "pat.", rf"{_B64U}{{22}}\.[a-z0-9]{{24}}\.{_B62}{{20}}"),
    _f("Harness", "Harness service account token", "sat.", rf"{_B64U}{{22}}\.[a-z0-9]{{24}}\.{_B62}{{20}}"),
    _f("dbt Labs", "dbt Cloud service token", "dbtc_", rf"{_B64U}{{40,}}"),
    _f("dbt Labs", "dbt Cloud personal token", "dbtu_", rf"{_B64U}{{40,}}"),
    _f("Codecov", "Codecov upload token (v2)", "CODECOV_", rf"CODECOV_{_B62}{{40,}}", prefix="CODECOV_"),
    _f("Deno", "Deno Deploy access token", "ddp_", f"{_B62}{{36}}"),
    _f("Deno", "Deno Deploy organization token", "ddo_", f"{_B62}{{36}}"),
    # Cloud and infrastructure.
    _f("AWS", "AWS access key id", "AKIA", "[A-Z2-7]{16}"),
    _f("AWS", "AWS temporary access key id", "ASIA", "[A-Z2-7]{16}"),
    _f("AWS", "AWS STS service bearer key id", "ABIA", "[A-Z2-7]{16}"),
    _f("AWS", "AWS context-specific key id", "ACCA", "[A-Z2-7]{16}"),
    _f("AWS", "Amazon Bedrock API key", "ABSKQmVkcm9ja0FQSUtleS", r"[A-Za-z0-9+/]{40,}={0,2}"),
    _f("AWS", "Amazon Bedrock short-term API key", "bedrock-api-key-", r"[A-Za-z0-9+/]{20,}={0,2}"),
    _f("Azure", "Azure AD client secret", "Q~", r"[\w.-]{3}\dQ~[\w~.-]{31,34}", prefix=""),
    _f("Azure", "Azure storage account key", "AccountKey=", r"AccountKey=[A-Za-z0-9+/]{86}==", prefix="AccountKey="),
    _f(
        "Azure",
        "Azure shared access key",
        "SharedAccessKey=",
        r"SharedAccessKey=[A-Za-z0-9+/]{40,}=*",
        prefix="SharedAccessKey=",
    ),
    _f("Google Cloud", "Google service account private key id", '"private_key_id"', rf'\s*:\s*"{_HEX}{{40}}"'),
    _f("DigitalOcean", "DigitalOcean personal access token", "dop_v1_", f"{_HEX}{{64}}"),
    _f("DigitalOcean", "DigitalOcean OAuth token", "doo_v1_", f"{_HEX}{{64}}"),
    _f("DigitalOcean", "DigitalOcean refresh token", "dor_v1_", f"{_HEX}{{64}}"),
    _f("Alibaba Cloud", "Alibaba Cloud AccessKey id", "LTAI", f"{_B62}{{12,20}}"),
    _f("Yandex Cloud", "Yandex Cloud API key", "AQVN", rf"{_B64U}{{35,38}}"),
    _f("Yandex Cloud", "Yandex Cloud static key", "YC", rf"{_B64U}{{38}}"),
    _f("Yandex Cloud", "Yandex Cloud IAM token", "t1.", rf"[A-Za-z0-9_-]+=*\.{_B64U}{{86}}=*"),
    _f("Cloudflare", "Cloudflare origin CA key", "v1.0-", f"{_HEX}{{24}}-{_HEX}{{146}}"),
    _f("Fly.io", "Fly.io access token", "fo1_", rf"{_B64U}{{43}}"),
    _f("Fly.io", "Fly.io macaroon token", "fm2_", r"[A-Za-z0-9+/=_-]{100,}"),
    _f("Fly.io", "Fly.io app token", "fm1a_", r"[A-Za-z0-9+/=_-]{40,}"),
    _f("Fly.io", "Fly.io read-only token", "fm1r_", r"[A-Za-z0-9+/=_-]{40,}"),
    _f("Prefect", "Prefect user API key", "pnu_", f"{_B62}{{36}}"),
    _f("Prefect", "Prefect bot API key", "pnb_", f"{_B62}{{36}}"),
    _f("42", "42 (Intra) client secret", "s-s4t2ud-", f"{_HEX}{{64}}"),
    _f("42", "42 (Intra) app secret", "s-s4t2af-", f"{_HEX}{{64}}"),
    _f("Mapbox", "Mapbox public token", "pk.", r"[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,}"),
    _f("Mapbox", "Mapbox secret token", "sk.", r"[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,}"),
    _f("Mapbox", "Mapbox temporary token", "tk.", r"[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,}"),
    _f("Heroku", "Heroku API key", "HRKU-", rf"{_B64U}{{58,64}}"),
    _f("Vercel", "Vercel personal token", "vcp_", f"{_B62}{{56}}"),
    _f("Vercel", "Vercel integration token", "vci_", f"{_B62}{{56}}"),
    _f("Vercel", "Vercel app access token", "vca_", f"{_B62}{{56}}"),
    _f("Vercel", "Vercel refresh token", "vcr_", f"{_B62}{{56}}"),
    _f("Vercel", "Vercel API key", "vck_", f"{_B62}{{56}}"),
    _f("Netlify", "Netlify personal access token", "nfp_", f"{_B62}{{36}}"),
    _f("Render", "Render API key", "rnd_", f"{_B62}{{32}}"),
    _f("Supabase", "Supabase personal access token", "sbp_", f"{_HEX}{{40}}"),
    _f("Supabase", "Supabase secret key", "sb_secret_", rf"{_B64U}{{30,}}"),
    _f("PlanetScale", "PlanetScale service token", "pscale_tkn_", r"[\w=.-]{32,64}"),
    _f("PlanetScale", "PlanetScale password", "pscale_pw_", r"[\w=.-]{32,64}"),
    _f("PlanetScale", "PlanetScale OAuth token", "pscale_oauth_", r"[\w=.-]{32,64}"),
    _f("Databricks", "Databricks access token", "dapi", rf"{_HEX}{{32}}(?:-\d)?"),
    _f("Doppler", "Doppler personal token", "dp.pt.", f"{_B62}{{40,44}}"),
    _f("Doppler", "Doppler service token", "dp.st.", rf"(?:[a-z0-9\-_]{{2,35}}\.)?{_B62}{{40,44}}"),
    _f("Doppler", "Doppler service account token", "dp.sa.", f"{_B62}{{40,44}}"),
    _f("Doppler", "Doppler CLI token", "dp.ct.", f"{_B62}{{40,44}}"),
    _f("Doppler", "Doppler SCIM token", "dp.scim.", f"{_B62}{{40,44}}"),
    _f("Doppler", "Doppler audit token", "dp.audit.", f"{_B62}{{40,44}}"),
    _f("HashiCorp", "Vault service token", "hvs.", rf"{_B64U}{{24,}}"),
    _f("HashiCorp", "Vault legacy service token", "s.", rf"(?=[A-Za-z]{{0,23}}\d){_B62}{{24}}"),
    _f("HashiCorp", "Vault batch token", "hvb.", rf"{_B64U}{{24,}}"),
    _f("HashiCorp", "Vault recovery token", "hvr.", rf"{_B64U}{{24,}}"),
    _f("HashiCorp", "Terraform Cloud API token", ".atlasv1.", rf"{_B62}{{14}}\.atlasv1\.[\w=-]{{60,70}}", prefix=""),
    _f("Pulumi", "Pulumi access token", "pul-", f"{_HEX}{{40}}"),
    _f("Tailscale", "Tailscale auth key", "tskey-auth-", r"[\w]{8,}-[\w]{16,}"),
    _f("Tailscale", "Tailscale API access token", "tskey-api-", r"[\w]{8,}-[\w]{16,}"),
    _f("Tailscale", "Tailscale OAuth client secret", "tskey-client-", r"[\w]{8,}-[\w]{16,}"),
    _f("Tailscale", "Tailscale SCIM token", "tskey-scim-", r"[\w]{8,}-[\w]{16,}"),
    _f("Tailscale", "Tailscale webhook secret", "tskey-webhook-", r"[\w]{8,}-[\w]{16,}"),
    _f("OpenShift", "OpenShift user token", "sha256~", rf"{_B64U}{{43}}"),
    _f("Scalingo", "Scalingo API token", "tk-us-", rf"{_B64U}{{48}}"),
    _f("Defined Networking", "Defined Networking API token", "dnkey-", r"[\w=-]{26}-[\w=-]{52}"),
    _f("Dynatrace", "Dynatrace API token", "dt0c01.", "[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}"),
    _f("Akamai", "Akamai EdgeGrid client token", "akab-", "[a-z0-9]{16}-[a-z0-9]{16}"),
    _f("Infracost", "Infracost API key", "ico-", f"{_B62}{{32}}"),
    _f("ClickHouse", "ClickHouse Cloud API secret", "4b1d", f"{_B62}{{38}}"),
    _f("1Password", "1Password service account token", "ops_eyJ", r"[A-Za-z0-9+/]{100,}={0,3}"),
    _f(
        "1Password",
        "1Password secret key",
        "A3-",
        r"[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}",
    ),
    _f("age", "age secret key", "AGE-SECRET-KEY-1", "[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}"),
    # Observability.
    _f("Sentry", "Sentry organization token", "sntrys_eyJ", r"[A-Za-z0-9+/=_]{60,}"),
    _f("Sentry", "Sentry user token", "sntryu_", f"{_HEX}{{64}}"),
    _f("Grafana", "Grafana Cloud access policy token", "glc_", r"[A-Za-z0-9+/]{32,400}={0,2}"),
    _f("Grafana", "Grafana service account token", "glsa_", rf"{_B62}{{32}}_[A-Fa-f0-9]{{8}}"),
    _f("Grafana", "Grafana API key", "eyJrIjoi", r"[A-Za-z0-9+/]{50,}={0,2}"),
    _f("New Relic", "New Relic user API key", "NRAK-", "[A-Za-z0-9]{27}"),
    _f("New Relic", "New Relic browser API token", "NRJS-", f"{_HEX}{{19}}"),
    _f("New Relic", "New Relic insert key", "NRII-", r"[\w-]{32}"),
    _f("New Relic", "New Relic REST API key", "NRRA-", f"{_HEX}{{42}}"),
    _f("Honeycomb", "Honeycomb ingest key", "hcaik_", "[a-z0-9]{58}"),
    _f("Honeycomb", "Honeycomb configuration key", "hcxik_", "[a-z0-9]{58}"),
    _f("Honeycomb", "Honeycomb management key", "hcxmk_", "[a-z0-9]{26,}"),
    _f("PostHog", "PostHog personal API key", "phx_", f"{_B62}{{43}}"),
    _f("Pangea", "Pangea token", "pts_", "[a-z0-9]{32}"),
    # Payments and commerce.
    _f("Stripe", "Stripe live secret key", "sk_live_", f"{_B62}{{20,247}}"),
    _f("Stripe", "Stripe test secret key", "sk_test_", f"{_B62}{{20,247}}"),
    _f("Stripe", "Stripe live restricted key", "rk_live_", f"{_B62}{{20,247}}"),
    _f("Stripe", "Stripe test restricted key", "rk_test_", f"{_B62}{{20,247}}"),
    _f("Stripe", "Stripe webhook signing secret", "whsec_", f"{_B62}{{32,}}"),
    _f("Square", "Square access token", "sq0atp-", rf"{_B64U}{{22,}}"),
    _f("Square", "Square OAuth secret", "sq0csp-", r"[\w^-]{43,}"),
    _f("Square", "Square production access token", "EAAA", rf"{_B64U}{{60}}"),
    _f("Shopify", "Shopify access token", "shpat_", "[a-fA-F0-9]{32}"),
    _f("Shopify", "Shopify custom app access token", "shpca_", "[a-fA-F0-9]{32}"),
    _f("Shopify", "Shopify private app access token", "shppa_", "[a-fA-F0-9]{32}"),
    _f("Shopify", "Shopify shared secret", "shpss_", "[a-fA-F0-9]{32}"),
    _f("Razorpay", "Razorpay live key", "rzp_live_", f"{_B62}{{14}}"),
    _f("Razorpay", "Razorpay test key", "rzp_test_", f"{_B62}{{14}}"),
    _f("Braintree", "Braintree access token", "access_token$production$", r"[a-z0-9]{16}\$[a-f0-9]{32}"),
    _f("Plaid", "Plaid sandbox access token", "access-sandbox-", _UUID),
    _f("Plaid", "Plaid development access token", "access-development-", _UUID),
    _f("Plaid", "Plaid production access token", "access-production-", _UUID),
    _f("Flutterwave", "Flutterwave secret key", "FLWSECK", r"(?:_TEST)?-[a-hA-H0-9]{12,32}(?:-X)?"),
    _f("Flutterwave", "Flutterwave public key", "FLWPUBK", r"(?:_TEST)?-[a-hA-H0-9]{32}-X"),
    _f("Duffel", "Duffel API token", "duffel_", r"(?:test|live)_[\w=-]{43}"),
    _f("EasyPost", "EasyPost production API key", "EZAK", f"{_B62}{{54}}"),
    _f("EasyPost", "EasyPost test API key", "EZTK", f"{_B62}{{54}}"),
    _f("Shippo", "Shippo API token", "shippo_", f"(?:live|test)_{_HEX}{{40}}"),
    _f("Lob", "Lob live publishable key", "live_pub_", f"{_HEX}{{31}}"),
    _f("Lob", "Lob test publishable key", "test_pub_", f"{_HEX}{{31}}"),
    _f("Lob", "Lob secret API key", "live_", f"live_{_HEX}{{35}}", prefix="live_"),
    _f("Lob", "Lob test API key", "test_", f"test_{_HEX}{{35}}", prefix="test_"),
    _f("GoCardless", "GoCardless live access token", "live_", r"live_[\w=-]{40}", prefix="live_"),
    _f("Adobe", "Adobe client secret", "p8e-", "[a-zA-Z0-9]{32}"),
    _f("Frame.io", "Frame.io API token", "fio-u-", r"[\w=-]{64}"),
    # Messaging and email.
    _f("Twilio", "Twilio API key", "SK", f"SK{_HEX}{{32}}", prefix="SK"),
    _f("SendGrid", "SendGrid API key", "SG.", r"[\w=.-]{60,70}"),
    _f("Mailgun", "Mailgun API key", "key-", f"{_HEX}{{32}}"),
    _f("Mailgun", "Mailgun public validation key", "pubkey-", f"{_HEX}{{32}}"),
    _f("Mailchimp", "Mailchimp API key", "-us", rf"{_HEX}{{32}}-us\d{{1,2}}", prefix=""),
    _f("Brevo", "Brevo (Sendinblue) API key", "xkeysib-", f"{_HEX}{{64}}-{_B62}{{16}}"),
    _f("Brevo", "Brevo (Sendinblue) SMTP key", "xsmtpsib-", f"{_HEX}{{64}}-{_B62}{{16}}"),
    _f("Resend", "Resend API key", "re_", rf"{_B62}{{8}}_{_B62}{{24}}"),
    _f("MailerSend", "MailerSend API token", "mlsn.", f"{_HEX}{{64}}"),
    _f(
        "Twitter",
        "Twitter/X app bearer token",
        "AAAAAAAAAAAAAAAAAAAAA",
        r"A{21,23}[A-Za-z0-9%]{30,}",
        prefix="AAAAAAAAAAAAAAAAAAAAA",
    ),
    _f("Facebook", "Facebook access token", "EAA", r"EAA[A-Za-z0-9]{100,}", prefix="EAA"),
    _f("Adafruit", "Adafruit IO key", "aio_", f"{_B62}{{28}}"),
    _f("SettleMint", "SettleMint personal access token", "sm_pat_", "[a-zA-Z0-9]{16}"),
    _f("SettleMint", "SettleMint application access token", "sm_aat_", "[a-zA-Z0-9]{16}"),
    _f("SettleMint", "SettleMint service access token", "sm_sat_", "[a-zA-Z0-9]{16}"),
    _f(
        "Authress",
        "Authress service client key",
        ".acc",
        r"(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\.[a-z0-9]{4,6}\.acc[_-][a-z0-9-]{10,32}\.[a-z0-9+/_=-]{30,120}",
        prefix="",
    ),
    _f("Salesforce", "Salesforce access token", "00D", r"[A-Za-z0-9]{12,15}![\w.]{90,}"),
    # Password hashes (crypt(5), the PHC string format): a hash of a real password is crackable offline.
    _f("bcrypt", "bcrypt password hash", "$2", r"[abxy]?\$\d{2}\$[./A-Za-z0-9]{53}"),
    _f("crypt", "MD5-crypt password hash", "$1$", r"[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}"),
    _f("crypt", "Apache APR1 password hash", "$apr1$", r"[./A-Za-z0-9]{1,8}\$[./A-Za-z0-9]{22}"),
    _f("crypt", "SHA-256-crypt password hash", "$5$", r"(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{43}"),
    _f("crypt", "SHA-512-crypt password hash", "$6$", r"(?:rounds=\d+\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}"),
    _f("crypt", "yescrypt password hash", "$y$", r"[./A-Za-z0-9]+\$[./A-Za-z0-9]{1,86}\$[./A-Za-z0-9]{43}"),
    _f(
        "PHC",
        "Argon2 password hash",
        "$argon2",
        r"(?:id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+",
    ),
    _f("PHC", "scrypt password hash", "$scrypt$", r"ln=\d+,r=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+"),
    _f("Django", "Django PBKDF2 password hash", "pbkdf2_sha256$", r"\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{40,}"),
    # Generic structures with a documented shape.
    _f(
        "IETF",
        "JSON Web Token",
        ".ey",
        r"ey[A-Za-z0-9_-]{17,}\.ey[A-Za-z0-9_/\\-]{17,}\.(?:[A-Za-z0-9_/\\-]{10,}={0,2})?",
        prefix="",
    ),
    _f("PuTTY", "PuTTY private key", "PuTTY-User-Key-File-", r"\d: [\w-]+"),
)


class _Screen(NamedTuple):
    regex: re.Pattern[str]
    by_keyword: dict[str, tuple[Format, ...]]


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A format's regex, compiled the first time its keyword is seen (most never are)."""
    return re.compile(rf"(?<![A-Za-z0-9_./+-]){pattern}(?![A-Za-z0-9_])")


def _trie(words: list[str]) -> str:
    """One regex of `words` shaped as a trie: `re` tries a flat alternation of 200
    literals at every position (about 1 µs a character); a trie fails on the first
    character that no word continues with (about 50 ns)."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = root
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


@functools.cache
def _screen() -> _Screen:
    by_keyword: dict[str, list[Format]] = {}
    for fmt in FORMATS:
        by_keyword.setdefault(fmt.keyword, []).append(fmt)
    # The trie matches the longest keyword; a shorter one it starts with may still name the format.
    related = {
        keyword: tuple(fmt for other, found in by_keyword.items() if keyword.startswith(other) for fmt in found)
        for keyword in by_keyword
    }
    return _Screen(re.compile(_trie(sorted(by_keyword))), related)


# Every format's match is a run of 16+ token characters (or holds one of the
# spaced keywords), so one cheap scan for such runs screens a whole text.
_DIGIT = re.compile(r"\d")
_MASK_AFTER = re.compile(r"[#*•…]|\.\.\.")
SCREEN = re.compile(r"[A-Za-z0-9_\-./+=~$:%!^@,]{16,}|PuTTY-User-Key")


def warm() -> None:
    """Compile the keyword screen now (about 40 ms), so forked workers inherit it instead of each building it."""
    _screen()


def scan_line(line: str) -> list[tuple[str, str, str, int, int]]:
    """(code, kind, value, start, end) of every vendor token on `line`; placeholders left out."""
    screen = _screen()
    keywords: set[str] = set()
    for run in SCREEN.finditer(line):
        text = run.group(0)
        if text.islower() and _DIGIT.search(text) is None:
            continue  # `apply-hermes-model-policy.py`: a name; every token has a digit or a capital
        keywords.update(match.group(0) for match in screen.regex.finditer(line, max(0, run.start() - 30), run.end()))
    if not keywords:
        return []
    found: list[tuple[str, str, str, int, int]] = []
    for keyword in keywords:
        for fmt in screen.by_keyword[keyword]:
            for match in _compiled(fmt.pattern).finditer(line):
                value = match.group(0)
                masked = _MASK_AFTER.match(line, match.end()) is not None  # `xoxp-5723…-####`
                if masked or is_placeholder(value, fmt.prefix or fmt.keyword):
                    continue
                found.append(("SOT301", fmt.kind, value, match.start(), match.end()))
    return found
