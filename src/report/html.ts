import { marked } from 'marked';
import type { Finding, FileResult, Report, TimelineStep } from './model.js';
import type { ReferrersVerdict, Role } from '../referrers/verdict.js';
import { expectationDetail, STATUS_MARK } from './referrers-text.js';
import { displayUrl, stripControls } from './sanitize.js';

/** Every value from a capture goes through this before it reaches the page. */
export function escapeHtml(value: string): string {
  return stripControls(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Our own Markdown (rule titles, fix hints): rendered inline; never capture text. */
function ours(markdown: string): string {
  return marked.parseInline(escapeHtml(markdown).replace(/&#39;/g, "'"), { async: false }) as string;
}

/** Only http(s) links are made clickable (spec links are ours, but stay strict). */
function link(href: string, text: string): string {
  return /^https:\/\//.test(href) ? `<a href="${escapeHtml(href)}" rel="noreferrer noopener">${text}</a>` : text;
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f8fa}
header{background:#24292f;color:#fff;padding:16px 24px}header h1{margin:0;font-size:20px}
main{padding:16px 24px;max-width:1200px}section.file{background:#fff;border:1px solid #d0d7de;border-radius:6px;padding:12px 16px;margin:16px 0}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
.sev{font-weight:600;border-radius:4px;padding:0 6px;color:#fff;white-space:nowrap}.error{background:#cf222e}.warning{background:#bf8700}.info{background:#0969da}.ok{color:#1a7f37;font-weight:600}
.finding{border-left:4px solid #d0d7de;padding:4px 10px;margin:8px 0}.finding.error{border-color:#cf222e;background:#fff}.finding.warning{border-color:#bf8700;background:#fff}.finding.info{border-color:#0969da;background:#fff}
code,.mono{font-family:ui-monospace,monospace;font-size:12.5px;word-break:break-all}
table.timeline{width:100%;table-layout:fixed}table.timeline td{border:none;border-left:1px dashed #d0d7de;padding:1px 6px;font-size:12px}
table.timeline tr.flag{background:#fff8c5}table.timeline th{background:#f6f8fa}table.timeline th:first-child{width:64px}td.t{width:60px;color:#57606a;text-align:right}
.lane-base{background:#f6f8fa}.lane-auth{background:#fbefff}.lane-pull{background:#ddf4ff}.lane-push{background:#dafbe1}.lane-discovery{background:#fff1e5}.lane-management{background:#ffebe9}
.marks a{margin-left:6px;text-decoration:none}.dim{color:#57606a}
.ref-flow{display:flex;align-items:stretch;gap:0;margin:8px 0}.ref-role{flex:1;border:1px solid #d0d7de;border-radius:6px;padding:6px 10px;background:#fff}
.ref-arrow{align-self:center;padding:0 8px;font-size:20px;color:#57606a}.ref-role h5{margin:0 0 4px;font-size:13px}.ref-party{margin:2px 0}.ref-icon{font-size:18px}
.ref-exp{list-style:none;padding:0;margin:4px 0 0}.ref-exp li{margin:3px 0;font-size:12.5px}.st-met{color:#1a7f37}.st-violated{color:#cf222e}.st-incompatible{color:#9a6700}.st-unobs{color:#57606a}
`;

function cardTable(file: FileResult): string {
  if (!file.clients.length) return '';
  const rows = file.clients.map((card) => {
    const cells = card.workflows
      .map((w) => {
        const c = w.client;
        const r = w.registry;
        const mine = c.errors + c.warnings + c.infos ? `<span class="sev error">${c.errors}</span> <span class="sev warning">${c.warnings}</span> <span class="sev info">${c.infos}</span>` : '<span class="ok">✔</span>';
        const theirs = r.errors + r.warnings + r.infos ? ` <span class="dim">registry ${r.errors}/${r.warnings}/${r.infos}</span>` : '';
        return `${escapeHtml(w.category)} ${w.exchanges} ${mine}${theirs}`;
      })
      .join(' · ');
    return `<tr><td class="mono">${escapeHtml(card.client)}</td><td>${card.exchanges}</td><td>${cells}</td></tr>`;
  });
  return `<table><thead><tr><th>client</th><th>exchanges</th><th>workflows (client ✖ ⚠ ℹ; registry)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function bodyText(label: string, b: TimelineStep['requestBody']): string {
  if (!b || (b.size === 0 && b.fidelity === 'exact')) return '';
  return `<div class="dim">${label} body: ${b.size} bytes, ${escapeHtml(b.fidelity)}${b.sha256 ? `, sha256:${escapeHtml(b.sha256)}` : ''}</div>`;
}

/** An evidence exchange: request line, status, the OCI headers that matter, body sizes and digests. */
function evidenceHtml(e: Finding['evidence'][number], steps: Map<number, TimelineStep>): string {
  const step = steps.get(e.index);
  const line = `#${e.index} ${escapeHtml(e.method)} ${escapeHtml(e.url)}${e.status !== undefined ? ` → ${e.status}` : ''}`;
  if (!step) return `<li class="mono">${line}</li>`;
  const headers = (step.headers ?? []).map((h) => `<div>${h.side === 'request' ? '&gt;' : '&lt;'} ${escapeHtml(h.name)}: ${escapeHtml(h.value)}</div>`).join('');
  return `<li class="mono">${line}${headers}${bodyText('request', step.requestBody)}${bodyText('response', step.responseBody)}</li>`;
}

function findingHtml(f: Finding, id: string, steps: Map<number, TimelineStep>): string {
  const evidence = f.evidence.map((e) => evidenceHtml(e, steps)).join('');
  return `<div class="finding ${f.severity}" id="${id}">
<div><span class="sev ${f.severity}">${f.severity}</span> <code>${escapeHtml(f.ruleId)}</code> <span class="dim">${escapeHtml(f.side)} · ${escapeHtml(f.confidence)} · ${escapeHtml(f.workflow)}</span></div>
<p>${escapeHtml(f.message)}</p>
<div class="dim">${link(f.spec, `${escapeHtml(f.requirements.join(', '))} (${escapeHtml(f.level)})`)} — fix: ${ours(f.fix)}</div>
<ul>${evidence}</ul></div>`;
}

const LANES = ['base', 'auth', 'pull', 'push', 'discovery', 'management', 'other'] as const;

/** The lane of a workflow label (`push demo/hello` → push). */
function laneOf(workflow: string): (typeof LANES)[number] {
  const first = workflow.split(' ')[0] as (typeof LANES)[number];
  return (LANES as readonly string[]).includes(first) ? first : 'other';
}

/**
 * A swimlane per workflow category: one row per exchange in replay order, the exchange in its
 * lane's column (auth next to the pulls and pushes it unlocked, each upload chunk on its own
 * row), findings marked on the exchange they are about and linked to their details.
 */
function timelineHtml(steps: readonly TimelineStep[], marks: Map<number, { id: string; severity: string }[]>): string {
  const t0 = steps[0]?.startMs ?? 0;
  const lanes = LANES.filter((lane) => steps.some((s) => laneOf(s.workflow) === lane));
  const head = `<tr><th>t</th>${lanes.map((l) => `<th>${l}</th>`).join('')}</tr>`;
  const rows = steps.map((s) => {
    const m = marks.get(s.index) ?? [];
    const flags = m.map((x) => `<a href="#${x.id}" class="sev ${x.severity}">${x.severity[0]!.toUpperCase()}</a>`).join('');
    const cell = `<span class="mono" title="${escapeHtml(s.url)}">#${s.index} ${escapeHtml(s.method)} ${escapeHtml(displayUrl(s.url))}${s.status !== undefined ? ` → ${s.status}` : ''}</span> <span class="dim">${escapeHtml(s.kind)}</span><span class="marks">${flags}</span>`;
    const lane = laneOf(s.workflow);
    return `<tr${m.length ? ' class="flag"' : ''}><td class="t">+${((s.startMs - t0) / 1000).toFixed(2)}s</td>${lanes.map((l) => (l === lane ? `<td class="lane-${l}">${cell}</td>` : '<td></td>')).join('')}</tr>`;
  });
  return `<table class="timeline"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function fileHtml(file: FileResult, fileIndex: number): string {
  const out: string[] = [`<section class="file"><h2 class="mono">${escapeHtml(file.capture.file)}</h2>`, `<p class="dim">${file.capture.entries} entries${file.capture.creator ? `, written by ${escapeHtml(file.capture.creator.name)}` : ''}${file.capture.redacted ? ', redacted by oci-har-check (credentials are placeholders)' : ''}</p>`, cardTable(file)];
  const ids = new Map<Finding, string>();
  file.findings.forEach((f, i) => ids.set(f, `f${fileIndex}-${i}`));
  const clients = [...new Set([...file.clients.map((c) => c.client), ...file.findings.map((f) => f.client)])];
  const byIndex = new Map((file.timeline ?? []).map((s) => [s.index, s]));
  for (const client of clients) {
    out.push(`<h3 class="mono">${escapeHtml(client)}</h3>`);
    const mine = file.findings.filter((f) => f.client === client);
    const steps = (file.timeline ?? []).filter((s) => s.client === client);
    if (steps.length) {
      const marks = new Map<number, { id: string; severity: string }[]>();
      for (const f of mine) {
        const at = f.evidence[0]?.index;
        if (at === undefined) continue;
        const list = marks.get(at) ?? [];
        list.push({ id: ids.get(f)!, severity: f.severity });
        marks.set(at, list);
      }
      out.push('<h4>Timeline</h4>', timelineHtml(steps, marks));
    }
    out.push('<h4>Findings</h4>');
    if (!mine.length) out.push('<p class="ok">No findings.</p>');
    // Grouped by workflow (`push demo/hello`, `auth`, …), in the order they first occur.
    for (const workflow of [...new Set(mine.map((f) => f.workflow))]) {
      out.push(`<h5 class="mono">${escapeHtml(workflow)}</h5>`, ...mine.filter((f) => f.workflow === workflow).map((f) => findingHtml(f, ids.get(f)!, byIndex)));
    }
  }
  if (file.referrers) out.push(...file.referrers.filter((v) => v.referrersTraffic).map((v) => referrersHtml(v, file.findings, ids)));
  const capture = file.findings.filter((f) => !clients.includes(f.client));
  if (capture.length) out.push('<h3>About the capture</h3>', capture.map((f) => findingHtml(f, ids.get(f)!, byIndex)).join(''));
  if (file.timelineOmitted) out.push(`<p class="dim">The timeline shows the first ${file.timeline?.length ?? 0} exchanges; ${file.timelineOmitted} more are not drawn.</p>`);
  if (file.notEvaluable.length) {
    out.push('<h4>Not evaluable</h4><ul>', ...file.notEvaluable.map((n) => `<li><code>${escapeHtml(n.ruleId)}</code>: ${escapeHtml(n.reason)} (${n.count}×)</li>`), '</ul>');
  }
  if (file.inapplicable.length) out.push(`<p class="dim">Not applicable (no such traffic): ${file.inapplicable.map(escapeHtml).join(', ')}</p>`);
  out.push('</section>');
  return out.join('\n');
}

const ROLE_TITLE: Record<Role, string> = { producer: 'Producer', registry: 'Registry', consumer: 'Consumer' };

/** The referrers scenario as a producer → registry → consumer diagram, each party with its verdicts. */
function referrersHtml(v: ReferrersVerdict, findings: readonly Finding[], ids: Map<Finding, string>): string {
  const anchor = (ruleId: string, messageId: string, entry: number | undefined) => {
    const f = findings.find((x) => x.ruleId === ruleId && x.messageId === messageId && x.evidence[0]?.index === entry);
    return f ? ids.get(f) : undefined;
  };
  const role = (r: Role) => {
    const parties = v.parties.filter((p) => p.role === r);
    const absent = v.absent.find((a) => a.startsWith(`${r}:`));
    const head = parties.length
      ? parties.map((p) => `<div class="ref-party"><span class="ref-icon">${p.icon ?? '·'}</span> <span class="mono">${escapeHtml(p.name)}</span> <span class="dim">${escapeHtml(p.generation ?? 'generation not shown')}: ${escapeHtml(p.why)}</span></div>`).join('')
      : '';
    const missing = absent ? `<div class="ref-party dim">not in the capture: ${escapeHtml(absent.slice(absent.indexOf(':') + 1).trim())}</div>` : '';
    const items = v.expectations
      .filter((e) => e.role === r)
      .map((e) => {
        const cls = e.status === 'not observable' ? 'st-unobs' : `st-${e.status}`;
        const links = e.findings
          .map((f) => {
            const id = anchor(f.ruleId, f.messageId, f.evidence[0]?.index);
            return id ? ` <a href="#${id}">${escapeHtml(f.ruleId)}</a>` : ` <code>${escapeHtml(f.ruleId)}</code>`;
          })
          .join('');
        const detail = e.findings.length ? '' : ` <span class="dim">(${escapeHtml(expectationDetail(e))})</span>`;
        return `<li class="${cls}">${STATUS_MARK[e.status]} ${escapeHtml(e.expected)}${links}${detail}</li>`;
      })
      .join('');
    return `<div class="ref-role"><h5>${ROLE_TITLE[r]}</h5>${head}${missing}<ul class="ref-exp">${items}</ul></div>`;
  };
  return `<h3>Referrers scenario <span class="mono dim">${escapeHtml(v.registry)}</span></h3><p>${escapeHtml(v.summary)}</p>
<div class="ref-flow">${role('producer')}<div class="ref-arrow">→</div>${role('registry')}<div class="ref-arrow">→</div>${role('consumer')}</div>`;
}

/**
 * One self-contained page (inline CSS, no script, no network): per file the report cards, a
 * timeline per client with findings marked on it, and the findings with their evidence.
 */
export function formatHtml(report: Report): string {
  const s = report.summary;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>oci-har-check report</title><style>${STYLE}</style></head>
<body><header><h1>oci-har-check report</h1><div>spec v${escapeHtml(report.spec)} · ${s.files} file(s), ${s.entries} entries · <span class="sev error">${s.errors} errors</span> <span class="sev warning">${s.warnings} warnings</span> <span class="sev info">${s.infos} info</span></div></header>
<main>
${report.files.map(fileHtml).join('\n')}
${report.outOfProfile.length ? `<p class="dim">Not in spec v${escapeHtml(report.spec)} (not run): ${report.outOfProfile.map(escapeHtml).join(', ')}</p>` : ''}
</main></body></html>
`;
}
