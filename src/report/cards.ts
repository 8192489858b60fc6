import type { Severity } from '../check.js';
import type { ClientCard, Finding, WorkflowTally } from './model.js';

/** Workflow categories in the order a report card lists them. */
export const CARD_CATEGORIES = ['base', 'auth', 'pull', 'push', 'discovery', 'management', 'other'] as const;

/** The category of a workflow label (`push demo/hello` → `push`; `redirect` → `pull`). */
export function workflowCategory(workflow: string): string {
  const head = workflow.split(' ', 1)[0] ?? 'other';
  if (head === 'redirect') return 'pull';
  return (CARD_CATEGORIES as readonly string[]).includes(head) ? head : 'other';
}

const SEVERITY_KEY: Record<Severity, 'errors' | 'warnings' | 'infos'> = { error: 'errors', warning: 'warnings', info: 'infos' };

/** Counts exchanges per client and category as the capture is replayed, then adds findings. */
export class CardTally {
  private readonly cards = new Map<string, Map<string, WorkflowTally>>();

  private tally(client: string, category: string): WorkflowTally {
    let byCategory = this.cards.get(client);
    if (!byCategory) this.cards.set(client, (byCategory = new Map()));
    let tally = byCategory.get(category);
    if (!tally) {
      tally = { category, exchanges: 0, client: { errors: 0, warnings: 0, infos: 0 }, registry: { errors: 0, warnings: 0, infos: 0 } };
      byCategory.set(category, tally);
    }
    return tally;
  }

  countExchange(client: string, workflow: string): void {
    this.tally(client, workflowCategory(workflow)).exchanges++;
  }

  cardsWith(findings: readonly Finding[]): ClientCard[] {
    const cards = toCards(this.cards);
    for (const f of findings) tallyFinding(cards, f);
    return cards;
  }
}

function toCards(byClient: Map<string, Map<string, WorkflowTally>>): ClientCard[] {
  return [...byClient].map(([client, byCategory]) => {
    const workflows = CARD_CATEGORIES.flatMap((c) => {
      const t = byCategory.get(c);
      return t ? [t] : [];
    });
    return { client, exchanges: workflows.reduce((n, w) => n + w.exchanges, 0), workflows };
  });
}

/** Adds one finding to the cards of its file (a finding on a client with no card gets one). */
export function tallyFinding(cards: ClientCard[], f: Finding): void {
  if (f.side === 'capture') return;
  const category = workflowCategory(f.workflow);
  let card = cards.find((c) => c.client === f.client);
  if (!card) cards.push((card = { client: f.client, exchanges: 0, workflows: [] }));
  let tally = card.workflows.find((w) => w.category === category);
  if (!tally) {
    tally = { category, exchanges: 0, client: { errors: 0, warnings: 0, infos: 0 }, registry: { errors: 0, warnings: 0, infos: 0 } };
    card.workflows.push(tally);
    card.workflows.sort((a, b) => CARD_CATEGORIES.indexOf(a.category as never) - CARD_CATEGORIES.indexOf(b.category as never));
  }
  tally[f.side][SEVERITY_KEY[f.severity]]++;
}

/** One card per client over many files (an archive audit): exchanges and findings summed per category. */
export function mergeCards(cardLists: readonly (readonly ClientCard[])[]): ClientCard[] {
  const merged = new Map<string, Map<string, WorkflowTally>>();
  for (const cards of cardLists) {
    for (const card of cards) {
      let byCategory = merged.get(card.client);
      if (!byCategory) merged.set(card.client, (byCategory = new Map()));
      for (const w of card.workflows) {
        const sum = byCategory.get(w.category);
        if (!sum) {
          byCategory.set(w.category, { category: w.category, exchanges: w.exchanges, client: { ...w.client }, registry: { ...w.registry } });
          continue;
        }
        sum.exchanges += w.exchanges;
        for (const side of ['client', 'registry'] as const) {
          for (const key of ['errors', 'warnings', 'infos'] as const) sum[side][key] += w[side][key];
        }
      }
    }
  }
  return toCards(merged);
}
