#!/usr/bin/env node
// Lints the Dockerfile with dockerfile-utils (the checker behind VS Code's Dockerfile support)
// and fails on warnings as well as errors: its own CLI exits 0 when there are only warnings.
//
//   npm run lint:dockerfile [-- path/to/Dockerfile]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { validate } = createRequire(import.meta.url)('dockerfile-utils');
const file = process.argv[2] ?? 'Dockerfile';
const diagnostics = validate(readFileSync(file, 'utf8'));
for (const { range, severity, message } of diagnostics) {
  console.log(
    `${file}:${range.start.line + 1}:${range.start.character + 1}: ${severity === 1 ? 'error' : 'warning'}: ${message}`,
  );
}
console.log(`${file}: ${diagnostics.length === 0 ? 'no problems' : `${diagnostics.length} problem(s)`}`);
process.exit(diagnostics.length === 0 ? 0 : 1);
