import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cache = new Map<string, string>();

/**
 * The gate's own SQL, kept in `sql/` at the package root. From `src/` that is
 * one level up; the bundle in `dist/` carries a copy at `dist/sql/`.
 */
export function gateSql(name: string): string {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  for (const candidate of [`../sql/${name}`, `./sql/${name}`, `../../sql/${name}`]) {
    const file = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      cache.set(name, text);
      return text;
    }
  }
  throw new Error(`the gate's SQL file sql/${name} is missing from this installation`);
}
