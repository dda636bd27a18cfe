#!/usr/bin/env node
// Part of `npm run build`, after tsc: writes dist/openapi.prepared.json, the built-in openapi.yaml
// bundled and dereferenced, from which `serve` starts without parsing it (src/engine/prepared-spec.ts).
import { DEFAULT_SPEC, PREPARED_DEFAULT_SPEC } from '../dist/mock-server.js';
import { prepareSpec } from '../dist/engine/prepared-spec.js';

if (!(await prepareSpec(DEFAULT_SPEC, PREPARED_DEFAULT_SPEC))) {
  console.warn(
    'prepare-spec: openapi.yaml has schemas that refer to themselves, which JSON cannot hold once dereferenced; ' +
      'serve reads the YAML at every start instead',
  );
}
