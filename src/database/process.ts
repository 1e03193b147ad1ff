import { spawn } from 'node:child_process';
import { InfrastructureError } from '../errors.js';
import { minimalEnv } from './env.js';

export interface ProcessResult {
  code: number | null;
  output: string;
}

/** Runs a program to completion in a minimal environment, collecting stdout and stderr together. */
export function runProcess(
  file: string,
  args: string[],
  options: { uid?: number; gid?: number } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, env: minimalEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'EACCES' && options.uid !== undefined
          ? ' (PostgreSQL runs as an unprivileged user here, who must be able to reach and execute it: check the permissions of every directory above it)'
          : '';
      reject(new InfrastructureError(`cannot run ${file}: ${error.message}${hint}`));
    });
    child.once('close', (code) => resolve({ code, output }));
  });
}
