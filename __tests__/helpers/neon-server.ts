import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';

/**
 * A stand-in for Neon's REST API v2 over real HTTP, backed by a real
 * PostgreSQL: a branch is a database copied from its parent's database
 * (CREATE DATABASE … TEMPLATE), which gives the semantics the gate relies on:
 * the branch starts with the parent's schema and data, and nothing done on the
 * branch reaches the parent. Note: PostgreSQL refuses to copy a database that
 * has open connections, so tests must close theirs to a parent before forking.
 */
export interface FailRule {
  method: string;
  /** A string must equal the path (without `/api/v2` and query); a RegExp is tested against it. */
  pathPattern: string | RegExp;
  status: number;
  body?: unknown;
  retryAfter?: number | string;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorized: boolean;
  body: unknown;
  /** performance.now() on arrival, for asserting retry delays. */
  at: number;
}

export interface FakeNeonOptions {
  /** Administrative connection to the PostgreSQL server that plays Neon's storage. */
  admin: pg.ClientConfig;
  /** The default branch's database; must exist. */
  parentDatabase: string;
  apiKey?: string;
  projectId?: string;
  /** Status polls before an operation is `finished` (default 2). */
  pollsToFinish?: number;
  /** Status polls before an endpoint is `active` (default 2). */
  pollsToActivate?: number;
  /** Further existing branches, each backed by an existing database. */
  branches?: { name: string; database: string }[];
  /** When false, the create answer carries no `connection_uris` (the client must ask). */
  connectionUrisInCreate?: boolean;
  /** Operations end in this status instead of `finished`. */
  operationOutcome?: string;
  /**
   * The database name clients see (Neon's `neondb`), whatever database backs
   * each branch; default: the backing database's own name.
   */
  databaseName?: string;
}

export interface FakeBranch {
  id: string;
  name: string;
  parent_id?: string;
  default: boolean;
  database: string;
  password: string;
  expires_at?: string;
  /** `schema-only`: made from the parent's schema, without its rows. */
  init_source?: string;
  endpointId: string;
  endpointPolls: number;
}

interface FakeOperation {
  id: string;
  action: string;
  branch_id: string;
  status: string;
  polls: number;
}

export interface FakeNeon {
  /** Base URL to pass as `apiHost`. */
  apiHost: string;
  apiKey: string;
  projectId: string;
  mainBranchId: string;
  requests: RecordedRequest[];
  failNext: FailRule[];
  branches: Map<string, FakeBranch>;
  close(): Promise<void>;
}

type Reply = { status: number; body: unknown; headers?: Record<string, string> };

export async function startFakeNeon(options: FakeNeonOptions): Promise<FakeNeon> {
  const admin = new pg.Client({ ...options.admin });
  admin.on('error', () => undefined);
  await admin.connect();
  const state = new FakeState(options, admin);
  const server = http.createServer((request, response) => {
    const send = (reply: Reply): void => {
      response.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      response.end(JSON.stringify(reply.body));
    };
    handle(state, request).then(send, (failure: Error) => send(error(500, failure.message)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiHost: `http://127.0.0.1:${port}/api/v2`,
    apiKey: state.apiKey,
    projectId: state.projectId,
    mainBranchId: state.mainBranchId,
    requests: state.requests,
    failNext: state.failNext,
    branches: state.branches,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await admin.end().catch(() => undefined);
    },
  };
}

class FakeState {
  readonly apiKey: string;
  readonly projectId: string;
  readonly mainBranchId = 'br-main-000001';
  readonly requests: RecordedRequest[] = [];
  readonly failNext: FailRule[] = [];
  readonly branches = new Map<string, FakeBranch>();
  readonly operations = new Map<string, FakeOperation>();

  constructor(
    readonly options: FakeNeonOptions,
    readonly admin: pg.Client,
  ) {
    this.apiKey = options.apiKey ?? `napi_${randomBytes(16).toString('hex')}`;
    this.projectId = options.projectId ?? 'fake-project-123456';
    this.addBranch({ id: this.mainBranchId, name: 'main', default: true, database: options.parentDatabase });
    for (const [index, extra] of (options.branches ?? []).entries()) {
      this.addBranch({ id: `br-extra-${index}`, name: extra.name, default: false, database: extra.database });
    }
  }

  addBranch(fields: Pick<FakeBranch, 'id' | 'name' | 'default' | 'database'> & Partial<FakeBranch>): FakeBranch {
    const branch: FakeBranch = { password: randomId(12), endpointId: `ep-${randomId(6)}`, endpointPolls: 0, ...fields };
    this.branches.set(branch.id, branch);
    return branch;
  }

  newOperation(action: string, branchId: string): FakeOperation {
    const operation = { id: `op-${randomId(8)}`, action, branch_id: branchId, status: 'running', polls: 0 };
    this.operations.set(operation.id, operation);
    return operation;
  }

  uri(branch: FakeBranch): string {
    const port = this.options.admin.port ?? 5432;
    return `postgresql://postgres:${branch.password}@127.0.0.1:${port}/${branch.database}?sslmode=disable`;
  }

  /** What clients call the branch's database. */
  databaseName(branch: FakeBranch): string {
    return this.options.databaseName ?? branch.database;
  }

  branchJson(branch: FakeBranch): Record<string, unknown> {
    const { id, name, parent_id, expires_at, init_source } = branch;
    return {
      id,
      name,
      parent_id,
      expires_at,
      ...(init_source ? { init_source } : {}),
      default: branch.default,
      primary: branch.default,
      current_state: 'ready',
    };
  }

  endpointJson(branch: FakeBranch): Record<string, unknown> {
    const activate = this.options.pollsToActivate ?? 2;
    const state = branch.endpointPolls >= activate ? 'active' : 'init';
    return { id: branch.endpointId, host: '127.0.0.1', branch_id: branch.id, type: 'read_write', current_state: state };
  }
}

async function handle(state: FakeState, request: http.IncomingMessage): Promise<Reply> {
  const url = new URL(request.url ?? '/', 'http://fake');
  const path = url.pathname.replace(/^\/api\/v2/, '');
  const text = await readBody(request);
  const body: unknown = text ? JSON.parse(text) : undefined;
  const method = request.method ?? 'GET';
  const authorization = request.headers.authorization;
  const query = Object.fromEntries(url.searchParams);
  state.requests.push({ method, path, query, authorized: Boolean(authorization), body, at: performance.now() });

  const injected = takeFailure(state.failNext, method, path);
  if (injected) return injected;
  if (authorization !== `Bearer ${state.apiKey}`) return error(401, 'authentication failed');
  const match = /^\/projects\/([^/]+)(\/.*)?$/.exec(path);
  if (!match || decodeURIComponent(match[1]!) !== state.projectId) return error(404, 'project not found');
  try {
    return await route(state, method, match[2] ?? '', body, query);
  } catch (failure) {
    return error(500, (failure as Error).message);
  }
}

function route(
  state: FakeState,
  method: string,
  rest: string,
  body: unknown,
  query: Record<string, string>,
): Promise<Reply> | Reply {
  const { projectId } = state;
  if (method === 'GET' && rest === '') {
    return ok({ project: { id: projectId, name: 'fake project', default_branch_id: state.mainBranchId } });
  }
  if (method === 'GET' && rest === '/branches') {
    return ok({ branches: [...state.branches.values()].map((branch) => state.branchJson(branch)) });
  }
  if (method === 'POST' && rest === '/branches') return createBranch(state, body);
  if (method === 'GET' && rest === '/connection_uri') return connectionUri(state, query);
  let match = /^\/operations\/([^/]+)$/.exec(rest);
  if (method === 'GET' && match) return operation(state, decodeURIComponent(match[1]!));
  match = /^\/branches\/([^/]+)(\/endpoints)?$/.exec(rest);
  const branch = match && state.branches.get(decodeURIComponent(match[1]!));
  if (match && !branch) return error(404, 'branch not found');
  if (branch && method === 'GET' && match?.[2]) {
    branch.endpointPolls++;
    return ok({ endpoints: [state.endpointJson(branch)] });
  }
  const sub = /^\/branches\/([^/]+)\/(restore|databases)$/.exec(rest);
  const owner = sub && state.branches.get(decodeURIComponent(sub[1]!));
  if (sub && !owner) return error(404, 'branch not found');
  if (owner && method === 'POST' && sub?.[2] === 'restore') return restoreBranch(state, owner, body);
  if (owner && method === 'GET' && sub?.[2] === 'databases') {
    return ok({ databases: [{ name: state.databaseName(owner), owner_name: 'postgres' }] });
  }
  if (branch && method === 'DELETE' && !match?.[2]) return deleteBranch(state, branch);
  return error(404, `no route ${method} ${rest}`);
}

async function createBranch(state: FakeState, body: unknown): Promise<Reply> {
  const wanted =
    (body as { branch?: { name?: string; parent_id?: string; expires_at?: string; init_source?: string } })?.branch ??
    {};
  const parent = state.branches.get(wanted.parent_id ?? state.mainBranchId);
  if (!parent) return error(404, 'parent branch not found');
  const id = `br-${randomId(8)}`;
  const database = `neon_${id.replace(/-/g, '_')}`;
  const quote = (name: string) => state.admin.escapeIdentifier(name);
  await state.admin.query(`CREATE DATABASE ${quote(database)} TEMPLATE ${quote(parent.database)}`);
  if (wanted.init_source === 'schema-only') await emptyTables(state, database);
  const branch = state.addBranch({
    id,
    name: wanted.name ?? id,
    parent_id: parent.id,
    default: false,
    database,
    ...(wanted.expires_at ? { expires_at: wanted.expires_at } : {}),
    ...(wanted.init_source ? { init_source: wanted.init_source } : {}),
  });
  const operations = [state.newOperation('create_branch', id), state.newOperation('start_compute', id)];
  const name = state.databaseName(branch);
  const connection = {
    database: name,
    role: 'postgres',
    host: '127.0.0.1',
    password: branch.password,
    pooler_host: '',
  };
  return {
    status: 201,
    body: {
      branch: state.branchJson(branch),
      endpoints: [state.endpointJson(branch)],
      operations: operations.map(operationJson),
      roles: [{ name: 'postgres' }],
      databases: [{ name, owner_name: 'postgres' }],
      ...(state.options.connectionUrisInCreate === false
        ? {}
        : { connection_uris: [{ connection_uri: state.uri(branch), connection_parameters: connection }] }),
    },
  };
}

function operation(state: FakeState, id: string): Reply {
  const found = state.operations.get(id);
  if (!found) return error(404, 'operation not found');
  found.polls++;
  if (found.polls >= (state.options.pollsToFinish ?? 2)) found.status = state.options.operationOutcome ?? 'finished';
  return ok({ operation: operationJson(found) });
}

function connectionUri(state: FakeState, query: Record<string, string>): Reply {
  const branch = state.branches.get(query.branch_id ?? '');
  if (!branch) return error(404, 'branch not found');
  if (query.database_name !== state.databaseName(branch) || query.role_name !== 'postgres') {
    return error(404, 'database or role not found');
  }
  return ok({ uri: state.uri(branch) });
}

/** A schema-only branch: the parent's tables, without their rows. */
async function emptyTables(state: FakeState, database: string): Promise<void> {
  const client = new pg.Client({ ...state.options.admin, database });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
        WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    if (rows.length > 0) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Reset from parent: the branch's database is copied from the source branch's again; id and endpoint stay. */
async function restoreBranch(state: FakeState, branch: FakeBranch, body: unknown): Promise<Reply> {
  const sourceId = (body as { source_branch_id?: string } | undefined)?.source_branch_id;
  const source = sourceId ? state.branches.get(sourceId) : undefined;
  if (!source) return error(400, 'source_branch_id is required');
  const quote = (name: string) => state.admin.escapeIdentifier(name);
  await state.admin.query(`DROP DATABASE IF EXISTS ${quote(branch.database)} WITH (FORCE)`);
  await state.admin.query(`CREATE DATABASE ${quote(branch.database)} TEMPLATE ${quote(source.database)}`);
  const operation = state.newOperation('restore_branch', branch.id);
  return ok({ branch: state.branchJson(branch), operations: [operationJson(operation)] });
}

async function deleteBranch(state: FakeState, branch: FakeBranch): Promise<Reply> {
  await state.admin.query(`DROP DATABASE IF EXISTS ${state.admin.escapeIdentifier(branch.database)} WITH (FORCE)`);
  state.branches.delete(branch.id);
  const operation = state.newOperation('delete_timeline', branch.id);
  return ok({ branch: state.branchJson(branch), operations: [operationJson(operation)] });
}

function operationJson({ id, action, branch_id, status }: FakeOperation): Record<string, string> {
  return { id, action, branch_id, status };
}

function takeFailure(rules: FailRule[], method: string, path: string): Reply | undefined {
  const index = rules.findIndex(
    (rule) =>
      rule.method.toUpperCase() === method &&
      (typeof rule.pathPattern === 'string' ? rule.pathPattern === path : rule.pathPattern.test(path)),
  );
  const rule = rules[index];
  if (!rule) return undefined;
  rule.times = (rule.times ?? 1) - 1;
  if (rule.times <= 0) rules.splice(index, 1);
  const headers: Record<string, string> =
    rule.retryAfter === undefined ? {} : { 'Retry-After': String(rule.retryAfter) };
  return { status: rule.status, body: rule.body ?? { code: '', message: `injected ${rule.status}` }, headers };
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

function ok(body: unknown): Reply {
  return { status: 200, body };
}

function error(status: number, message: string): Reply {
  return { status, body: { code: '', message } };
}

function randomId(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
