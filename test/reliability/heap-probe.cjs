// Preloaded into the server by the soak test (NODE_OPTIONS=--require). It only watches: after each
// full (mark-compact) GC that V8 chooses to run, it prints how much of the old generation is still
// in use, i.e. what survived. That is the live data, which a leak makes grow; RSS also moves with
// V8's own heap sizing. It forces no GC and changes nothing else in the process.
'use strict';
const { PerformanceObserver, constants } = require('node:perf_hooks');
const v8 = require('node:v8');

const OLD_GENERATION = new Set(['old_space', 'large_object_space', 'code_space']);

new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
    const used = v8
      .getHeapSpaceStatistics()
      .filter((space) => OLD_GENERATION.has(space.space_name))
      .reduce((sum, space) => sum + space.space_used_size, 0);
    process.stderr.write(`heap-probe ${Date.now()} ${used}\n`);
  }
}).observe({ entryTypes: ['gc'] });
