import { createRequire as __createRequire } from 'node:module'; import { fileURLToPath as __fileURLToPath } from 'node:url'; import { dirname as __pathDirname } from 'node:path'; const require = __createRequire(import.meta.url); const __filename = __fileURLToPath(import.meta.url); const __dirname = __pathDirname(__filename);

// src/errors.ts
var ConfigError = class extends Error {
  name = "ConfigError";
};
var InfrastructureError = class extends Error {
  name = "InfrastructureError";
};
var face = "cli";
function setFace(value) {
  face = value;
}
var ACTION_INPUTS = {
  prerequisite: "prerequisites",
  fixture: "fixtures",
  image: "postgres-image"
};
function option(flag) {
  return face === "cli" ? `--${flag}` : `input "${inputName(flag)}"`;
}
function optionValue(flag, value) {
  return face === "cli" ? `--${flag} ${value}` : `${inputName(flag)}: ${value}`;
}
function inputName(flag) {
  return ACTION_INPUTS[flag] ?? flag;
}
var SESSION_ENDED = /* @__PURE__ */ new Set(["57P01", "57P02", "57P03"]);
var SOCKET_ERRORS = /* @__PURE__ */ new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH"]);
var DRIVER_LOST = /^(Connection terminated|Client (was closed|has encountered a connection error) and is not queryable)/;
function serverFailure(error) {
  if (!(error instanceof Error)) return void 0;
  const { severity, code, routine } = error;
  const raised = routine === "exec_stmt_raise";
  if (severity === "FATAL" || severity === "PANIC" || SESSION_ENDED.has(String(code)) && !raised) {
    return new InfrastructureError(
      `the server ended the session: ${error.message} (SQLSTATE ${String(code)}); a migration that ends its own session (pg_terminate_backend(pg_backend_pid())), an administrator or a shutdown does this, and the gate cannot reach a verdict without it`
    );
  }
  if (code === "53100" && !raised) {
    return new InfrastructureError(
      `the database server ran out of disk space: ${error.message} (SQLSTATE 53100); free space where its data lives and run again`
    );
  }
  if (SOCKET_ERRORS.has(String(code)) || DRIVER_LOST.test(error.message)) {
    return new InfrastructureError(`lost the connection to PostgreSQL: ${error.message}`);
  }
  return void 0;
}

// src/secrets.ts
var secrets = /* @__PURE__ */ new Set();
function registerSecret(value) {
  if (value && value.length >= 4) secrets.add(value);
}
var SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|ACCESS_?KEY|PRIVATE|CREDENTIAL|AUTH|DATABASE_URL|_DSN$|CONNECTION_?STRING/i;
function registerEnvironmentSecrets(env) {
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_NAME.test(name) && value.length >= 8) registerSecret(value);
    for (const match of value.matchAll(URL_PASSWORD)) registerSecret(match[2]);
  }
}
var URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/{0,3}[^:/?#@\s]*:)([^@\s/]+)(@)/gi;
var PASSWORD_PARAM = /(\bpassword=)([^\s&]+)/gi;
function maskSecrets(text) {
  let masked = text.replace(URL_PASSWORD, "$1***$3").replace(PASSWORD_PARAM, "$1***");
  for (const secret of secrets) masked = masked.split(secret).join("***");
  return masked;
}
function maskDeep(value) {
  if (typeof value === "string") return maskSecrets(value);
  if (Array.isArray(value)) return value.map((item) => maskDeep(item));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, maskDeep(inner)]));
  }
  return value;
}

// src/version.ts
var VERSION = "0.1.0";
var ACTION_REPOSITORY = "migration-gate/migration-gate";
var HOMEPAGE = `https://github.com/${ACTION_REPOSITORY}`;
var RULES_DOC = `${HOMEPAGE}/blob/main/docs/rules.md`;

// src/database/neon-api.ts
import { STATUS_CODES } from "node:http";
var DEFAULT_NEON_API_HOST = "https://console.neon.tech/api/v2";
var NeonApiError = class extends InfrastructureError {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
  status;
};
var DEFAULT_RETRY = { attempts: 6, baseMs: 1e3 };
var MAX_WAIT_MS = 6e4;
var TRANSIENT = (status) => status === 423 || status === 429 || status >= 500;
var NeonApi = class {
  constructor(config) {
    this.config = config;
    this.base = apiBase(config.apiHost);
    this.fetchImpl = config.fetchImpl ?? fetch;
    this.retry = config.retry ?? DEFAULT_RETRY;
  }
  config;
  base;
  fetchImpl;
  retry;
  get(path) {
    return this.request("GET", path);
  }
  post(path, body) {
    return this.request("POST", path, body);
  }
  delete(path) {
    return this.request("DELETE", path);
  }
  async request(method, path, body) {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.once(method, path, body);
      if (outcome.ok) return outcome.value;
      if (!outcome.retry || attempt >= this.retry.attempts) {
        if (attempt > 1) outcome.error.message += ` (gave up after ${attempt} attempts)`;
        throw outcome.error;
      }
      const waitMs = Math.min(outcome.waitMs ?? this.retry.baseMs * 2 ** (attempt - 1), MAX_WAIT_MS);
      this.config.onRetry?.(`${outcome.error.message}; retrying in ${(waitMs / 1e3).toFixed(1)} s`);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }
  async once(method, path, body) {
    const what = `Neon API ${method} ${path}`;
    let response;
    try {
      response = await this.fetchImpl(this.base + path, {
        method,
        headers: {
          Authorization: `Bearer ${this.config.apiKey}`,
          Accept: "application/json",
          "User-Agent": `migration-gate/${VERSION}`,
          ...body === void 0 ? {} : { "Content-Type": "application/json" }
        },
        ...body === void 0 ? {} : { body: JSON.stringify(body) },
        signal: AbortSignal.timeout(this.config.requestTimeoutMs ?? 3e4)
      });
    } catch (error2) {
      return { ok: false, error: new NeonApiError(`${what}: ${networkReason(error2)}`), retry: method !== "POST" };
    }
    const text = await response.text().catch(() => "");
    if (response.ok) return parseBody(what, text);
    const error = new NeonApiError(`${what}: ${statusLine(response.status)}${neonMessage(text)}`, response.status);
    if (response.status === 401) error.message += " (check neon-api-key / NEON_API_KEY)";
    const waitMs = retryAfterMs(response.headers.get("retry-after"));
    return { ok: false, error, retry: TRANSIENT(response.status), ...waitMs === void 0 ? {} : { waitMs } };
  }
};
function parseBody(what, text) {
  try {
    return { ok: true, value: text ? JSON.parse(text) : {} };
  } catch {
    return { ok: false, error: new NeonApiError(`${what}: the answer is not JSON`), retry: false };
  }
}
function apiBase(apiHost = DEFAULT_NEON_API_HOST) {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(apiHost) ? apiHost : `https://${apiHost}`;
  let url;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InfrastructureError(`neon-api-host is not a URL: ${JSON.stringify(apiHost)}`);
  }
  if (url.pathname === "/" || url.pathname === "") url.pathname = "/api/v2";
  return url.href.replace(/\/+$/, "");
}
function statusLine(status) {
  return `${status} ${STATUS_CODES[status] ?? "HTTP error"}`;
}
function neonMessage(text) {
  let message = text;
  try {
    const parsed = JSON.parse(text);
    if (parsed && typeof parsed === "object" && "message" in parsed && typeof parsed.message === "string") {
      message = parsed.message;
    }
  } catch {
  }
  const line = maskSecrets(message.replace(/\s+/g, " ").trim());
  if (!line) return "";
  return `: ${line.length > 300 ? `${line.slice(0, 300)}\u2026` : line}`;
}
function networkReason(error) {
  if (error instanceof Error && error.name === "TimeoutError") return "no answer in time (request timeout)";
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : "";
  return maskSecrets(`cannot reach the API: ${error.message}${cause}`.replace(/\s+/g, " "));
}
function retryAfterMs(header) {
  if (!header) return void 0;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1e3;
  const date = Date.parse(header);
  return Number.isNaN(date) ? void 0 : Math.max(0, date - Date.now());
}

// src/database/neon-branches.ts
async function removeBranch(api, projectId, branchId, expiresAt) {
  try {
    await api.delete(`${projectPath(projectId)}/branches/${encodeURIComponent(branchId)}`);
    return true;
  } catch (error) {
    if (error instanceof NeonApiError && error.status === 404) return false;
    const expiry = expiresAt ? `; Neon removes it by itself at ${expiresAt}` : "";
    const reason = error instanceof Error ? error.message : String(error);
    throw new InfrastructureError(
      `could not delete Neon branch ${branchId} of project ${projectId}, delete it by hand${expiry} (${reason})`
    );
  }
}
async function createBranch(api, options, parent, expiresAt) {
  return api.post(`${projectPath(options.projectId)}/branches`, {
    branch: {
      name: options.branchName,
      parent_id: parent.id,
      expires_at: expiresAt,
      ...options.schemaOnly ? { init_source: "schema-only" } : {}
    },
    endpoints: [{ type: "read_write" }]
  });
}
function resettable(branch, parent, options) {
  const schemaOnly = branch.init_source === "schema-only";
  return branch.parent_id === parent.id && schemaOnly === Boolean(options.schemaOnly) && !schemaOnly;
}
async function resetBranch(api, projectId, branch, parent) {
  const path = `${projectPath(projectId)}/branches/${encodeURIComponent(branch.id)}`;
  const reset = await api.post(`${path}/restore`, {
    source_branch_id: parent.id
  });
  const { databases } = await api.get(`${path}/databases`);
  return { branch: reset.branch ?? branch, operations: reset.operations ?? [], databases: databases ?? [] };
}
async function resolveParent(api, options) {
  const path = projectPath(options.projectId);
  let defaultBranchId;
  try {
    ({ default_branch_id: defaultBranchId } = (await api.get(path)).project);
  } catch (error) {
    if (!(error instanceof NeonApiError) || error.status !== 404) throw error;
    throw new NeonApiError(
      `Neon project ${options.projectId} not found or not visible to this API key (${error.message})`,
      404
    );
  }
  const branches = await listBranches(api, path);
  const wanted = options.parentBranch;
  const found = wanted ? branches.find((branch) => branch.id === wanted) ?? branches.find((branch) => branch.name === wanted) : branches.find((branch) => branch.id === defaultBranchId) ?? branches.find((branch) => branch.default) ?? branches.find((branch) => branch.primary);
  if (found) return { parent: found, branches };
  const known = branches.map((branch) => branch.name).join(", ") || "none";
  const missing = wanted ? `no branch named or with id "${wanted}"` : "no default branch";
  throw new InfrastructureError(`Neon project ${options.projectId} has ${missing} (branches: ${known})`);
}
async function listBranches(api, project) {
  const all = [];
  let cursor;
  for (let page = 0; page < 50; page++) {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : "";
    const answer = await api.get(
      `${project}/branches${query}`
    );
    all.push(...answer.branches ?? []);
    const next = answer.pagination?.next;
    if (!next || next === cursor || !answer.branches?.length) break;
    cursor = next;
  }
  return all;
}
function projectPath(projectId) {
  return `/projects/${encodeURIComponent(projectId)}`;
}

// src/database/neon-ready.ts
var FINISHED = /* @__PURE__ */ new Set(["finished", "skipped"]);
var FAILED = /* @__PURE__ */ new Set(["failed", "error", "cancelling", "cancelled"]);
var USABLE = /* @__PURE__ */ new Set(["active", "idle"]);
async function waitUntilUsable(api, options, created, label) {
  const project = projectPath(options.projectId);
  const poll = poller(Date.now() + (options.readyTimeoutMs ?? 12e4), options.pollIntervalMs ?? 1e3, label);
  const pending = (created.operations ?? []).filter((operation) => !FINISHED.has(operation.status));
  await poll(async () => {
    for (const operation of [...pending]) {
      const current = (await api.get(`${project}/operations/${encodeURIComponent(operation.id)}`)).operation;
      if (FAILED.has(current.status)) {
        const reason = current.error ? `: ${current.error.replace(/\s+/g, " ")}` : "";
        throw new InfrastructureError(`${label}: operation ${current.action ?? current.id} ${current.status}${reason}`);
      }
      if (FINISHED.has(current.status)) pending.splice(pending.indexOf(operation), 1);
    }
    const first = pending[0];
    return first && `operation ${first.action ?? first.id} to finish`;
  });
  const branch = encodeURIComponent(created.branch.id);
  await poll(async () => {
    const { endpoints } = await api.get(`${project}/branches/${branch}/endpoints`);
    const endpoint = endpoints.find((candidate) => candidate.type === "read_write") ?? endpoints[0];
    if (!endpoint) return "a compute endpoint";
    return USABLE.has(endpoint.current_state) ? void 0 : `endpoint ${endpoint.id} (${endpoint.current_state})`;
  });
}
function poller(deadline, intervalMs, label) {
  return async (check) => {
    for (; ; ) {
      const waitingFor = await check();
      if (!waitingFor) return;
      if (Date.now() + intervalMs > deadline) {
        throw new InfrastructureError(`${label} was not ready in time: still waiting for ${waitingFor}`);
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  };
}
async function connectionUri(api, options, created) {
  const fits = (database2, role2) => (!options.database || database2 === options.database) && (!options.role || role2 === options.role);
  const given = created.connection_uris?.find(({ connection_parameters: p }) => fits(p?.database, p?.role));
  if (given) return given.connection_uri;
  const database = options.database ?? created.databases?.[0]?.name;
  const role = options.role ?? created.databases?.find((db) => db.name === database)?.owner_name ?? created.roles?.[0]?.name;
  if (!database || !role) {
    throw new InfrastructureError(`Neon branch ${created.branch.id} has no database or role to connect with`);
  }
  const query = new URLSearchParams({
    branch_id: created.branch.id,
    database_name: database,
    role_name: role,
    pooled: "false"
  });
  return (await api.get(`${projectPath(options.projectId)}/connection_uri?${query}`)).uri;
}

// src/database/neon-uri.ts
function neonClientConfig(uri) {
  let url;
  try {
    url = new URL(uri);
  } catch {
    throw new InfrastructureError("Neon returned a connection URI that is not a URL");
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    throw new InfrastructureError(`Neon returned a connection URI of scheme ${url.protocol}, not postgresql:`);
  }
  const config = {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : 5432,
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, "")),
    // libpq's `require` encrypts without checking the certificate; Neon's hosts
    // carry publicly trusted certificates, so we verify (as pg itself does for
    // `require`): the password must not reach a man in the middle.
    ssl: url.searchParams.get("sslmode") === "disable" ? false : { rejectUnauthorized: true }
  };
  const routing = url.searchParams.get("options");
  if (routing) config.options = routing;
  return config;
}

// src/database/neon.ts
var REQUIRED = {
  apiKey: "the Neon API key (neon-api-key or NEON_API_KEY)",
  projectId: "the Neon project id (neon-project-id)",
  branchName: "a name for the Neon branch"
};
async function startNeonBranch(options, progress) {
  for (const [key, what] of Object.entries(REQUIRED)) {
    if (!options[key]) throw new InfrastructureError(`${what} is missing`);
  }
  registerSecret(options.apiKey);
  const api = new NeonApi({ ...options, onRetry: (line) => progress.info(line) });
  const { parent, branches } = await progress.step("resolve Neon parent branch", () => resolveParent(api, options));
  const existing = options.reuse ? branches.find((branch) => branch.name === options.branchName) : void 0;
  const reset = existing !== void 0 && resettable(existing, parent, options);
  const expiresAt = reset && existing.expires_at ? existing.expires_at : new Date(Date.now() + (options.expiresInSeconds ?? 3600) * 1e3).toISOString().replace(/\.\d{3}Z$/, "Z");
  const created = reset ? await progress.step("reset Neon branch", () => resetBranch(api, options.projectId, existing, parent)) : await progress.step("create Neon branch", async () => {
    if (existing) await removeBranch(api, options.projectId, existing.id);
    return createBranch(api, options, parent, expiresAt);
  });
  const branchId = created.branch?.id;
  if (!branchId) throw new InfrastructureError(`Neon created branch ${options.branchName} but sent no id`);
  const label = `Neon branch ${options.branchName} (${branchId}) of project ${options.projectId}`;
  progress.info(`${reset ? "reset" : "created"} ${label} from ${parent.name} (${parent.id}), expires ${expiresAt}`);
  const stop = options.reuse ? async () => progress.info(`kept ${label} for the next run`) : once(() => progress.step("delete Neon branch", () => removeBranch(api, options.projectId, branchId, expiresAt)));
  try {
    await progress.step("wait for Neon branch", () => waitUntilUsable(api, options, created, label));
    const connection = neonClientConfig(await connectionUri(api, options, created));
    registerSecret(connection.password);
    return { kind: "neon", connection, display: label, disposable: true, stop, branchId, expiresAt };
  } catch (error) {
    await stop().catch((cleanup) => progress.info(cleanup.message));
    throw error;
  }
}
async function deleteNeonBranch(options) {
  registerSecret(options.apiKey);
  return removeBranch(new NeonApi(options), options.projectId, options.branchId);
}
function once(fn) {
  let running;
  return () => running ??= fn().then(
    () => void 0,
    (error) => {
      running = void 0;
      throw error;
    }
  );
}

export {
  ConfigError,
  InfrastructureError,
  setFace,
  option,
  optionValue,
  serverFailure,
  registerSecret,
  registerEnvironmentSecrets,
  maskSecrets,
  maskDeep,
  VERSION,
  ACTION_REPOSITORY,
  HOMEPAGE,
  RULES_DOC,
  startNeonBranch,
  deleteNeonBranch
};
