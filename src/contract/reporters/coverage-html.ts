import type { OperationCoverage } from '../coverage.js';
import type { ContractResult } from '../result.js';

/**
 * The coverage as one HTML page (`--coverage FILE`): the overall figure (operations × documented
 * responses seen), then per operation which documented responses were seen and which parameters
 * were sent. Everything is inline and nothing is loaded from anywhere, so the file opens the
 * same from a CI artifact, a mail or a disk with no network.
 */
export function renderCoverageHtml(result: ContractResult): string {
  const { seen, documented, parameters, operations } = result.coverage;
  const title = `Contract coverage: ${result.target}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${html(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${html(title)}</h1>
<p class="figure"><span id="responses-figure">${seen}/${documented}</span> documented responses seen
(${percent(seen, documented)}) · <span id="parameters-figure">${parameters.exercised}/${parameters.documented}</span>
documented parameters sent (${percent(parameters.exercised, parameters.documented)})</p>
<p class="meta">${html(result.spec)} · seed ${result.seed} · ${result.requests} requests · ${html(result.startedAt)} ·
outcome ${html(result.outcome)}</p>
<table>
<thead><tr><th>operation</th><th>responses seen</th><th>documented responses</th><th>parameters</th></tr></thead>
<tbody>
${operations.map(row).join('\n')}
</tbody>
</table>
<p class="legend"><span class="seen">seen</span> <span class="unseen">never seen</span> ·
<span class="seen">sent</span> <span class="unseen">never sent</span></p>
</body>
</html>
`;
}

function row(op: OperationCoverage): string {
  const responses = op.documented
    .map((key) => chip(key, op.seen.includes(key), op.seen.includes(key) ? 'seen' : 'never seen'))
    .join(' ');
  const parameters =
    op.parameters.length === 0
      ? '<span class="none">none documented</span>'
      : op.parameters
          .map((p) => chip(`${p.name} (${p.in})`, p.exercised, p.exercised ? 'sent' : 'never sent'))
          .join(' ');
  return (
    `<tr data-operation="${html(op.operationId)}"><td><code>${html(op.method)} ${html(op.path)}</code>` +
    `<div class="id">${html(op.operationId)}</div></td>` +
    `<td class="count">${op.seen.length}/${op.documented.length}</td><td>${responses}</td><td>${parameters}</td></tr>`
  );
}

function chip(text: string, on: boolean, title: string): string {
  return `<span class="${on ? 'seen' : 'unseen'}" title="${title}">${html(text)}</span>`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'none documented' : `${Math.round((100 * part) / whole)}%`;
}

function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2rem; color: #1d2330; }
h1 { font-size: 1.3rem; }
.figure { font-size: 1.2rem; }
.figure span { font-weight: 700; }
.meta, .id, .none { color: #5b6475; font-size: 0.85rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid #dde1e8; }
td.count { font-variant-numeric: tabular-nums; white-space: nowrap; }
.seen, .unseen { display: inline-block; margin: 0.1rem; padding: 0 0.4rem; border-radius: 0.6rem; font-size: 0.85rem; }
.seen { background: #d8f3dc; color: #1b4332; }
.unseen { background: #fde2e1; color: #7a1c16; text-decoration: line-through; }
`;
