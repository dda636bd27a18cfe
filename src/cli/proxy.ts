import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DEFAULT_SPEC } from '../mock-server.js';
import { buildProxyServer } from '../proxy/build-proxy-server.js';
import { renderReport, ViolationRecorder } from '../proxy/violation-recorder.js';
import { loadSpec, SpecError } from '../engine/load-spec.js';
import { listenOrExit } from './listen.js';

export interface ProxyCliOptions {
  upstream: string;
  spec?: string;
  overlay?: string;
  port: number;
  host: string;
  strict?: boolean;
  report?: string;
  failOnViolations?: boolean;
  timeout: number;
  corsOrigin?: string[];
  logLevel: string;
}

/**
 * `pers-mock proxy`: listens, and on SIGINT/SIGTERM prints the summary of violations (and writes
 * --report) before exiting: 0, or 1 with --fail-on-violations when an exchange broke the contract.
 */
export async function proxy(options: ProxyCliOptions): Promise<void> {
  const specFile = options.spec ?? DEFAULT_SPEC;
  const spec = await loadSpec(specFile, {
    validate: specFile !== DEFAULT_SPEC || options.overlay !== undefined,
    overlay: options.overlay,
  }).catch((error: Error) => {
    if (!(error instanceof SpecError)) throw error;
    console.error(`pers-mock: cannot start: ${error.message}`);
    process.exit(2);
  });
  const recorder = new ViolationRecorder(options.upstream);
  const app = await buildProxyServer({
    spec,
    recorder,
    options: {
      upstream: options.upstream,
      strict: options.strict,
      timeoutMs: options.timeout,
      logLevel: options.logLevel,
      host: options.host,
      corsOrigins: options.corsOrigin,
    },
  });
  for (const { pointer, message } of spec.warnings) app.log.warn({ pointer }, message);
  // Before listening: a signal sent as soon as the banner is read must find its handler.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info(`${signal} received; finishing in-flight requests`);
      finish(app.close(), recorder, options.report).then(
        (violating) => process.exit(options.failOnViolations && violating > 0 ? 1 : 0),
        (error: Error) => {
          console.error(`pers-mock: error while closing: ${error.message}`);
          process.exit(1);
        },
      );
    });
  }
  const url = await listenOrExit(app, options.host, options.port);
  const mode = options.strict
    ? 'strict (a response that breaks the contract is a 502)'
    : 'report (violations in the x-pers-mock-violations header and the log)';
  console.log(
    [
      `pers-mock proxy listening on ${url} → ${options.upstream}`,
      `  document:    ${specFile}${options.overlay ? ` with overlay ${options.overlay}` : ''}`,
      `  mode:        ${mode}`,
      ...(options.report ? [`  report:      ${options.report} (written on exit)`] : []),
      ...(options.failOnViolations ? ['  exit:        1 on SIGINT/SIGTERM if any exchange broke the contract'] : []),
    ].join('\n'),
  );
}

async function finish(
  closing: Promise<unknown>,
  recorder: ViolationRecorder,
  reportFile: string | undefined,
): Promise<number> {
  await closing;
  const report = recorder.report();
  console.log(renderReport(report));
  if (reportFile) {
    await mkdir(dirname(reportFile), { recursive: true });
    await writeFile(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`pers-mock proxy: report written to ${reportFile}`);
  }
  return report.violating;
}
