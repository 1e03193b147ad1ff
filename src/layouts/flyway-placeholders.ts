/**
 * Flyway's placeholders: before it runs a file, Flyway replaces each
 * `${name}` with its configured value (`flyway.placeholders.name` in
 * flyway.conf, `[flyway.placeholders]` in flyway.toml, Spring Boot's
 * `spring.flyway.placeholders.name`, an environment variable
 * `FLYWAY_PLACEHOLDERS_NAME`) and `${flyway:…}` with its own. A file sent as
 * written would fail at its first `${`; one whose placeholder has no value
 * fails under Flyway too, so the gate refuses it the same way.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { ConfigError } from '../errors.js';
import { markerAbove } from './files.js';
import { registerSecret } from '../secrets.js';

export interface Placeholders {
  /** `flyway.placeholderReplacement=false`: files run as written. */
  off: boolean;
  values: Map<string, string>;
}

const PLACEHOLDER = /\$\{([^{}\s]+)\}/g;

/** The placeholders the project configures, from the files Flyway and Spring Boot read near `dir`. */
export function placeholdersNear(dir: string, env: NodeJS.ProcessEnv = process.env): Placeholders {
  const values = new Map<string, string>();
  let off = false;
  const text = (name: string): string | undefined => {
    const above = markerAbove(dir, name);
    return above === undefined ? undefined : readFileSync(path.join(above, name), 'utf8');
  };
  for (const name of ['flyway.conf', 'application.properties']) {
    for (const line of (text(name) ?? '').split('\n')) {
      const match =
        /^\s*(?:spring\.)?flyway\.(placeholders\.([^=\s]+)|placeholder-?[Rr]eplacement)\s*[=:]\s*(.*?)\s*$/.exec(line);
      if (!match) continue;
      if (match[2] !== undefined) values.set(match[2], match[3]!);
      else off = match[3] === 'false';
    }
  }
  const toml = text('flyway.toml');
  if (toml !== undefined) tomlPlaceholders(toml, values);
  for (const name of ['application.yml', 'application.yaml']) {
    const yml = text(name);
    if (yml === undefined) continue;
    const flyway = (YAML.parse(yml) as { spring?: { flyway?: Record<string, unknown> } } | null)?.spring?.flyway;
    const configured = flyway?.placeholders;
    if (configured && typeof configured === 'object')
      for (const [key, value] of Object.entries(configured)) values.set(key, String(value));
    if (flyway?.['placeholder-replacement'] === false || flyway?.placeholderReplacement === false) off = true;
  }
  // Flyway reads FLYWAY_PLACEHOLDERS_<NAME> as the placeholder <name>, lower-cased.
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('FLYWAY_PLACEHOLDERS_') || value === undefined) continue;
    values.set(key.slice('FLYWAY_PLACEHOLDERS_'.length).toLowerCase(), value);
    if (looksLikeKey(value)) registerSecret(value);
  }
  return { off, values };
}

/**
 * A CI setting goes into the SQL, and so into what the reports quote, under
 * whatever name the team gave it: a value shaped like a key or token
 * (a long run of letters and digits, no spaces) is masked whatever its name.
 * A schema or a role name is not: masking `public` would garble every report.
 */
function looksLikeKey(value: string): boolean {
  return value.length >= 16 && /^[\w+/=.~-]+$/.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value);
}

/** `[flyway.placeholders]` (or an environment's) as `name = "value"` lines. */
function tomlPlaceholders(toml: string, values: Map<string, string>): void {
  let inside = false;
  for (const line of toml.split('\n')) {
    const section = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (section) {
      inside = /(^|\.)flyway\.placeholders$/.test(section[1]!.trim());
      continue;
    }
    const pair = inside ? /^\s*"?([^"=\s]+)"?\s*=\s*"?(.*?)"?\s*$/.exec(line) : null;
    if (pair) values.set(pair[1]!, pair[2]!);
  }
}

/**
 * The file's text with its placeholders replaced. Flyway's own (`flyway:…`)
 * take the values they have on a fresh database; a placeholder without a
 * value is a configuration error naming the file and line.
 */
export function withPlaceholders(text: string, file: string, placeholders: Placeholders): string {
  if (placeholders.off || !text.includes('${')) return text;
  const builtIn: Record<string, string> = {
    'flyway:defaultSchema': placeholders.values.get('flyway:defaultSchema') ?? 'public',
    'flyway:database': 'postgres',
    'flyway:user': 'postgres',
    'flyway:table': 'flyway_schema_history',
    'flyway:filename': path.basename(file),
    'flyway:environment': 'default',
    'flyway:timestamp': new Date().toISOString().replace('T', ' ').slice(0, 19),
    'flyway:workingDirectory': process.cwd(),
  };
  return text.replace(PLACEHOLDER, (whole, name: string, offset: number) => {
    const value = placeholders.values.get(name) ?? builtIn[name];
    if (value !== undefined) return value;
    const line = text.slice(0, offset).split('\n').length;
    throw new ConfigError(
      `${file}:${line}: no value for placeholder ${whole}: Flyway refuses the file too. Set it as flyway.placeholders.${name} (flyway.conf), under [flyway.placeholders] (flyway.toml), as spring.flyway.placeholders.${name}, or in FLYWAY_PLACEHOLDERS_${name.toUpperCase()}`,
    );
  });
}
