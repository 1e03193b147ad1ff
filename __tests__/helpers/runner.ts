import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './cli.js';

/**
 * A GitHub-hosted runner in miniature: the action checked out without
 * node_modules (only action.yml and dist/), a workspace, and the files and
 * variables a runner hands a JavaScript action.
 */
export interface Runner {
  actionDir: string;
  workspace: string;
  toolCache: string;
  /** Runs dist/index.js (or post.js) as the runner would, with these inputs. */
  run(inputs: Record<string, string>, extraEnv?: Record<string, string>, entry?: string): Promise<RunnerResult>;
  cleanup(): void;
}

export interface RunnerResult {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  state: string;
}

export function makeRunner(workspaceSource: string, env: Record<string, string>): Runner {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mg-runner-'));
  // As on a runner, the tool cache is reachable by every user (the server runs unprivileged when we are root).
  chmodSync(root, 0o755);
  const actionDir = path.join(root, 'action');
  const workspace = path.join(root, 'workspace');
  const toolCache = path.join(root, 'tool-cache');
  const temp = path.join(root, 'temp');
  for (const dir of [actionDir, toolCache, temp]) mkdirSync(dir, { recursive: true });
  cpSync(path.join(ROOT, 'dist'), path.join(actionDir, 'dist'), { recursive: true });
  cpSync(path.join(ROOT, 'action.yml'), path.join(actionDir, 'action.yml'));
  cpSync(workspaceSource, workspace, { recursive: true });
  let runs = 0;
  return {
    actionDir,
    workspace,
    toolCache,
    async run(inputs, extraEnv = {}, entry = 'index.js') {
      runs += 1;
      const files = {
        output: path.join(temp, `output-${runs}`),
        summary: path.join(temp, `summary-${runs}`),
        state: path.join(temp, `state-${runs}`),
      };
      for (const file of Object.values(files)) writeFileSync(file, '');
      const inputEnv = Object.fromEntries(
        Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
      );
      const childEnv: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GITHUB_ACTIONS: 'true',
        CI: 'true',
        GITHUB_WORKSPACE: workspace,
        GITHUB_OUTPUT: files.output,
        GITHUB_STEP_SUMMARY: files.summary,
        GITHUB_STATE: files.state,
        RUNNER_TEMP: temp,
        RUNNER_TOOL_CACHE: toolCache,
        ...env,
        ...inputEnv,
        ...extraEnv,
      };
      const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
        (resolve) => {
          execFile(
            process.execPath,
            [path.join(actionDir, 'dist', entry)],
            { cwd: workspace, env: childEnv, maxBuffer: 64 * 1024 * 1024 },
            (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
          );
        },
      );
      return {
        code,
        stdout,
        stderr,
        outputs: parseFileCommands(readFileSync(files.output, 'utf8')),
        summary: readFileSync(files.summary, 'utf8'),
        state: readFileSync(files.state, 'utf8'),
      };
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** `name<<DELIM\nvalue\nDELIM` records, as @actions/core writes GITHUB_OUTPUT. */
export function parseFileCommands(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const pattern = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) result[match[1]!] = match[3]!;
  return result;
}
