import { getOctokit } from '@actions/github';

/** The REST client the action uses: `@octokit/core` with the REST endpoint methods and pagination. */
export type Octokit = ReturnType<typeof getOctokit>;

/** Where GitHub's REST API lives unless the runner says otherwise (GitHub Enterprise Server sets GITHUB_API_URL). */
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

/**
 * A REST client authenticated with `token`, talking to `baseUrl` (default: the
 * runner's `GITHUB_API_URL`, else api.github.com).
 *
 * `getOctokit` bundles no retry or throttling plugin, so every call is made
 * exactly once: a failure surfaces at once and tests stay deterministic. A
 * failed comment is a warning for the caller, never worth a retry loop.
 */
export function createOctokit(token: string, baseUrl?: string): Octokit {
  if (!token) throw new Error('a GitHub token is required (input github-token, default ${{ github.token }})');
  // `||` rather than `??`: an empty GITHUB_API_URL means "unset", as @actions/github itself treats it.
  const url = baseUrl || process.env.GITHUB_API_URL || DEFAULT_GITHUB_API_URL;
  return getOctokit(token, { baseUrl: url.replace(/\/+$/, '') });
}
