import { STATUS_CODES } from 'node:http';
import { maskSecrets } from '../secrets.js';
import { VERSION } from '../version.js';
import { InfrastructureError } from '../errors.js';

/** Neon's public REST API v2; `neon-api-host` may point elsewhere (a proxy, a test server). */
export const DEFAULT_NEON_API_HOST = 'https://console.neon.tech/api/v2';

export interface RetryPolicy {
  /** Total tries of one request, the first included. */
  attempts: number;
  /** First back-off delay; it doubles on every further retry. */
  baseMs: number;
}

export interface NeonApiConfig {
  apiKey: string;
  apiHost?: string;
  fetchImpl?: typeof fetch;
  retry?: RetryPolicy;
  /** Per request, so one hung connection cannot stall the whole job. */
  requestTimeoutMs?: number;
  /** Told about every retry, so a slow run explains itself in the log. */
  onRetry?: (line: string) => void;
}

/** An API failure: `status` is absent when no HTTP answer arrived at all. */
export class NeonApiError extends InfrastructureError {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

type Method = 'GET' | 'POST' | 'DELETE';

/** Either a value, or an error and whether trying again could help. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: NeonApiError; retry: boolean; waitMs?: number };

const DEFAULT_RETRY: RetryPolicy = { attempts: 6, baseMs: 1_000 };
const MAX_WAIT_MS = 60_000;
/** Locked (running operations), rate limited, or a server-side hiccup: all transient. */
const TRANSIENT = (status: number): boolean => status === 423 || status === 429 || status >= 500;

export class NeonApi {
  private readonly base: string;
  private readonly fetchImpl: typeof fetch;
  private readonly retry: RetryPolicy;

  constructor(private readonly config: NeonApiConfig) {
    this.base = apiBase(config.apiHost);
    this.fetchImpl = config.fetchImpl ?? fetch;
    this.retry = config.retry ?? DEFAULT_RETRY;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  private async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.once<T>(method, path, body);
      if (outcome.ok) return outcome.value;
      if (!outcome.retry || attempt >= this.retry.attempts) {
        if (attempt > 1) outcome.error.message += ` (gave up after ${attempt} attempts)`;
        throw outcome.error;
      }
      const waitMs = Math.min(outcome.waitMs ?? this.retry.baseMs * 2 ** (attempt - 1), MAX_WAIT_MS);
      this.config.onRetry?.(`${outcome.error.message}; retrying in ${(waitMs / 1000).toFixed(1)} s`);
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  private async once<T>(method: Method, path: string, body: unknown): Promise<Outcome<T>> {
    const what = `Neon API ${method} ${path}`;
    let response: Response;
    try {
      response = await this.fetchImpl(this.base + path, {
        method,
        headers: {
          Authorization: `Bearer ${this.config.apiKey}`,
          Accept: 'application/json',
          'User-Agent': `migration-gate/${VERSION}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.config.requestTimeoutMs ?? 30_000),
      });
    } catch (error) {
      // Without an answer a POST may still have taken effect: repeating it could
      // create a second branch, so only requests that are safe to repeat are.
      return { ok: false, error: new NeonApiError(`${what}: ${networkReason(error)}`), retry: method !== 'POST' };
    }
    const text = await response.text().catch(() => '');
    if (response.ok) return parseBody<T>(what, text);
    const error = new NeonApiError(`${what}: ${statusLine(response.status)}${neonMessage(text)}`, response.status);
    if (response.status === 401) error.message += ' (check neon-api-key / NEON_API_KEY)';
    const waitMs = retryAfterMs(response.headers.get('retry-after'));
    return { ok: false, error, retry: TRANSIENT(response.status), ...(waitMs === undefined ? {} : { waitMs }) };
  }
}

function parseBody<T>(what: string, text: string): Outcome<T> {
  try {
    return { ok: true, value: (text ? JSON.parse(text) : {}) as T };
  } catch {
    return { ok: false, error: new NeonApiError(`${what}: the answer is not JSON`), retry: false };
  }
}

/** Accepts a full base URL, a bare host, or an origin (then Neon's `/api/v2` path is assumed). */
export function apiBase(apiHost: string = DEFAULT_NEON_API_HOST): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(apiHost) ? apiHost : `https://${apiHost}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InfrastructureError(`neon-api-host is not a URL: ${JSON.stringify(apiHost)}`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/api/v2';
  return url.href.replace(/\/+$/, '');
}

function statusLine(status: number): string {
  return `${status} ${STATUS_CODES[status] ?? 'HTTP error'}`;
}

/**
 * Neon answers errors with `{ code, message }`. Messages end up in one log
 * line and in PR comments, so they are flattened, shortened and masked (an
 * API could echo the key back).
 */
function neonMessage(text: string): string {
  let message = text;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string') {
      message = parsed.message;
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): the raw text is the best we have.
  }
  const line = maskSecrets(message.replace(/\s+/g, ' ').trim());
  if (!line) return '';
  return `: ${line.length > 300 ? `${line.slice(0, 300)}…` : line}`;
}

function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time (request timeout)';
  if (!(error instanceof Error)) return String(error);
  // Node's fetch says only "fetch failed"; the cause holds ECONNREFUSED and the like.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return maskSecrets(`cannot reach the API: ${error.message}${cause}`.replace(/\s+/g, ' '));
}

/** `Retry-After` is either delay-seconds or an HTTP date. */
export function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The fields of Neon's answers this gate reads; Neon sends many more. */
export interface NeonBranch {
  id: string;
  name: string;
  default?: boolean;
  /** The older name of `default`, still sent by some projects. */
  primary?: boolean;
  parent_id?: string;
  expires_at?: string;
  /** `schema-only` for a branch that copied its parent's schema without the data. */
  init_source?: string;
}

export interface NeonEndpoint {
  id: string;
  host: string;
  type?: string;
  current_state: string;
}

export interface NeonOperation {
  id: string;
  action?: string;
  status: string;
  error?: string;
}

export interface NeonCreatedBranch {
  branch: NeonBranch;
  endpoints?: NeonEndpoint[];
  operations?: NeonOperation[];
  roles?: { name: string }[];
  databases?: { name: string; owner_name?: string }[];
  connection_uris?: { connection_uri: string; connection_parameters?: { database?: string; role?: string } }[];
}
