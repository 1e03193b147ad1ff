import { existsSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { readTextFile } from '../migrations/files.js';
import { didYouMean } from '../suggest.js';
import { keysAt } from './keys.js';
import { configSchema, type ConfigFile } from './schema.js';

export interface LoadedConfig {
  /** Absolute path of the file, when one was read. */
  file?: string;
  config: ConfigFile;
}

export const DEFAULT_CONFIG_FILE = 'migration-gate.yml';

/**
 * Reads migration-gate.yml. An explicitly named file must exist; the default
 * one is optional. Every problem names the file and the key path.
 */
export function loadConfig(explicit: string | undefined, cwd: string): LoadedConfig {
  const file = path.resolve(cwd, explicit ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicit) throw new ConfigError(`config file not found: ${explicit}`);
    return { config: {} };
  }
  const shown = path.relative(cwd, file) || file;
  const document = YAML.parseDocument(readTextFile(file, cwd, 'a config file'), { prettyErrors: true });
  if (document.errors.length > 0) {
    const first = document.errors[0]!;
    const line = first.linePos?.[0].line;
    throw new ConfigError(`${shown}${line ? `:${line}` : ''}: invalid YAML: ${first.message.split('\n')[0]}`);
  }
  const parsed = configSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) throw new ConfigError(describeIssues(shown, parsed.error.issues));
  return { file, config: parsed.data };
}

export function describeIssues(file: string, issues: z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const key = keyPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const where = key ? `${key}.` : '';
      const known = keysAt(configSchema, issue.path);
      const named = issue.keys.map((k) => {
        const meant = didYouMean(k, known);
        return `"${where}${k}"${meant ? ` (did you mean "${meant}"?)` : ''}`;
      });
      return `${file}: unknown key ${named.join(', ')}`;
    }
    return `${file}: ${key || '(top level)'}: ${issue.message}`;
  });
  return lines.join('\n');
}

function keyPath(parts: PropertyKey[]): string {
  return parts
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}
