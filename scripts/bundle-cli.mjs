#!/usr/bin/env node
// Part of `npm run build`, after tsc: replaces dist/cli/main.js (the `pers-mock` bin) with a bundle
// of it and everything it imports, split into chunks under dist/cli/chunks/ where it imports
// lazily. Node resolves and reads some 800 files for `serve` otherwise, which took a third of its
// start-up. The rest of dist/ stays as tsc wrote it: the library (dist/index.js) is not bundled.
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const ENTRY = 'dist/cli/main.js';
const BANNER =
  "import { createRequire as createRequireOfBundle } from 'node:module';\n" +
  'const require = createRequireOfBundle(import.meta.url);';

/**
 * `import('pkg')` stays an import from node_modules, with Node's semantics: esbuild would give a
 * bundled CommonJS module only a default export there (`(await import('yaml')).stringify` would
 * be undefined). Such imports are the ones `serve` does not need to start: Swagger UI, faker,
 * swagger-parser and the like, whose own files (Swagger UI's static files) stay where they are.
 *
 * Ajv is the exception: `serve` needs it to start (src/engine/validator-ajv.ts imports its classes
 * by name), and bundled packages require it too, while its code generation works with one copy
 * only. So it is bundled, and imported through a module that names its exports as Node would.
 */
const ONE_COPY = /^ajv(\/|$)/;
const dynamicImportsOfPackages = {
  name: 'dynamic-imports-of-packages',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      return ONE_COPY.test(args.path)
        ? { path: args.path, namespace: 'with-named-exports' }
        : { path: args.path, external: true };
    });
    build.onLoad({ filter: /.*/, namespace: 'with-named-exports' }, (args) => {
      const names = Object.keys(createRequire(import.meta.url)(args.path)).filter(
        (name) => name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name),
      );
      const contents =
        `import exported from ${JSON.stringify(args.path)};\nexport default exported;\n` +
        `export const { ${names.join(', ')} } = exported;\n`;
      return { contents, resolveDir: process.cwd() };
    });
  },
};

if ((await readFile(ENTRY, 'utf8')).includes(BANNER)) {
  throw new Error(`${ENTRY} is a bundle already: \`npm run build\` compiles it again before bundling it`);
}
await rm('dist/cli/chunks', { recursive: true, force: true });
await build({
  entryPoints: [ENTRY],
  outdir: 'dist/cli',
  allowOverwrite: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [dynamicImportsOfPackages],
  // src/engine/router-speedups.ts patches the copy in node_modules that openapi-backend requires.
  external: ['bath-es5'],
  // The bundled CommonJS packages require the external ones.
  banner: { js: BANNER },
});
