import type { EntryRef } from '../model/exchange.js';
import type { Finding } from '../report/model.js';
import type { ClientFacts, RegistryFacts } from './observe.js';
import {
  CONSUMER_GENERATIONS,
  type Generation,
  ICONS,
  PRODUCER_GENERATIONS,
  REGISTRY_GENERATIONS,
  type RegistryGeneration,
  SCENARIO_OUTCOME,
  scenarioIcons,
  scenarioNumber,
} from './scenarios.js';

export type Role = 'producer' | 'registry' | 'consumer';

export interface Party {
  role: Role;
  /** Client label (User-Agent product/version), or the registry origin. */
  name: string;
  /** Undefined when the traffic does not show it (the registry answered nothing referrers-specific). */
  generation?: Generation | RegistryGeneration;
  icon?: string;
  /** Why this generation: the behaviour seen, with the entry that showed it. */
  why: string;
  evidence: EntryRef[];
}

export type ExpectationStatus = 'met' | 'violated' | 'not observable' | 'incompatible';

export interface Expectation {
  role: Role;
  party: string;
  expected: string;
  status: ExpectationStatus;
  /** The entries that show the behaviour (met) or the findings' evidence (violated). */
  evidence: EntryRef[];
  /** The findings that violate it. */
  findings: { ruleId: string; messageId: string; message: string; evidence: EntryRef[] }[];
  /** Why nothing could be said (not observable), or a remark. */
  note?: string;
}

export interface ReferrersVerdict {
  registry: string;
  /**
   * Whether any party did something referrers-specific (a push with subject or of the artifact
   * type, a referrers tag, the referrers API). Without it the capture is plain image traffic:
   * the human formats leave the verdict out, JSON keeps it.
   */
  referrersTraffic: boolean;
  /** Candidate scenario numbers: one when every role shows its generation. */
  scenarios: number[];
  /** One line: the scenario(s), icons and what should happen. */
  summary: string;
  parties: Party[];
  /** Roles the capture does not show, with what that leaves open. */
  absent: string[];
  expectations: Expectation[];
}

/** Rules whose findings can violate an expectation; a referrers verdict only needs these. */
export const REFERRERS_RULES: ReadonlySet<string> = new Set([
  'push/manifest-body',
  'push/referrers-tag-fallback',
  'push/referrers-tag-update',
  'push/referrers-tag-descriptor',
  'push/subject-missing-accepted',
  'push/subject-response-header',
  'discovery/referrers-response',
  'discovery/referrers-listed',
  'discovery/referrers-filter',
  'discovery/referrers-client-filter',
  'discovery/referrers-fallback',
  'discovery/referrers-tag-content',
  'management/referrers-tag-cleanup',
]);

function producerGeneration(c: ClientFacts): { generation: Generation; why: string; at: EntryRef } | undefined {
  if (c.artifactPush) return { generation: 'complete', why: 'pushed the artifact manifest type', at: c.artifactPush };
  if (c.subjectPush) return { generation: 'intermediate', why: 'pushed an image manifest with subject', at: c.subjectPush };
  if (c.tagWrite) return { generation: 'intermediate', why: 'wrote a referrers tag (<alg>-<hex>)', at: c.tagWrite };
  if (c.imagePush) return { generation: 'current', why: 'pushed manifests, none with subject', at: c.imagePush };
  return undefined;
}

function consumerGeneration(c: ClientFacts, isProducer: boolean): { generation: Generation; why: string; at: EntryRef } | undefined {
  const discovery = c.referrersApi ?? c.tagReadAsConsumer;
  if (discovery && c.wantsArtifactManifest) return { generation: 'complete', why: 'looked for referrers and lists the artifact manifest type in Accept', at: c.wantsArtifactManifest };
  if (c.referrersApi) return { generation: 'intermediate', why: 'asked the referrers API', at: c.referrersApi };
  if (c.tagReadAsConsumer) return { generation: 'intermediate', why: 'read a referrers tag', at: c.tagReadAsConsumer };
  // A producer's own manifest checks are part of its push; only a client that pushes nothing is a plain consumer.
  if (c.pull && !isProducer) return { generation: 'current', why: 'pulled manifests and never asked for referrers', at: c.pull };
  return undefined;
}

function registryGeneration(r: RegistryFacts): { generation?: RegistryGeneration; why: string; evidence: EntryRef[] } {
  const complete = [
    r.api200 && (['answered the referrers API (200)', r.api200] as const),
    r.ociSubject && (['answered OCI-Subject', r.ociSubject] as const),
    r.artifactAccepted && (['accepted the artifact manifest type', r.artifactAccepted] as const),
  ].filter((x) => !!x);
  const current = [
    r.api404 && (['answered the referrers API with 404', r.api404] as const),
    r.noOciSubject && (['accepted a manifest with subject without OCI-Subject', r.noOciSubject] as const),
    r.artifactRejected && (['refused the artifact manifest type', r.artifactRejected] as const),
  ].filter((x) => !!x);
  if (complete.length) {
    const mixed = current.length ? `; it also ${current.map(([w, at]) => `${w} (#${at.index})`).join(', ')}, which the rules judge` : '';
    return { generation: 'complete', why: complete.map(([w, at]) => `${w} (#${at.index})`).join(', ') + mixed, evidence: complete.map(([, at]) => at) };
  }
  if (current.length) return { generation: 'current', why: current.map(([w, at]) => `${w} (#${at.index})`).join(', '), evidence: current.map(([, at]) => at) };
  return { why: 'its generation does not show: nobody asked the referrers API, pushed a manifest with subject or the artifact manifest type', evidence: [] };
}

interface Rule {
  role: Role;
  expected: string;
  rules: string[];
  /** Message ids that violate this expectation, when only some of a rule's do. */
  messages?: string[];
  met?: EntryRef;
  /** Behaviour that contradicts the expectation by itself (no rule needed). */
  contradicted?: { at: EntryRef; note: string };
  incompatible?: boolean;
  unobservable: string;
}

/**
 * Decides the scenario a capture shows for one registry origin, and judges each party's
 * expected behaviour there from the facts and the rules' findings.
 */
export function judgeReferrers(facts: RegistryFacts, findings: readonly Finding[]): ReferrersVerdict | undefined {
  const producers: { c: ClientFacts; g: NonNullable<ReturnType<typeof producerGeneration>> }[] = [];
  const consumers: { c: ClientFacts; g: NonNullable<ReturnType<typeof consumerGeneration>> }[] = [];
  for (const c of facts.clients) {
    const p = producerGeneration(c);
    if (p) producers.push({ c, g: p });
    const q = consumerGeneration(c, p !== undefined);
    if (q) consumers.push({ c, g: q });
  }
  if (producers.length === 0 && consumers.length === 0) return undefined;
  const registry = registryGeneration(facts);

  const parties: Party[] = [];
  for (const { c, g } of producers) parties.push({ role: 'producer', name: c.client, generation: g.generation, icon: ICONS.producer[g.generation], why: `${g.why} (#${g.at.index})`, evidence: [g.at] });
  const reg: Party = { role: 'registry', name: facts.origin, why: registry.why, evidence: registry.evidence };
  if (registry.generation) {
    reg.generation = registry.generation;
    reg.icon = ICONS.registry[registry.generation];
  }
  parties.push(reg);
  for (const { c, g } of consumers) parties.push({ role: 'consumer', name: c.client, generation: g.generation, icon: ICONS.consumer[g.generation], why: `${g.why} (#${g.at.index})`, evidence: [g.at] });

  const absent: string[] = [];
  if (!producers.length) absent.push('producer: no client pushed a manifest in this capture, so any producer generation fits');
  if (!registry.generation) absent.push(`registry: ${registry.why}`);
  if (!consumers.length) absent.push('consumer: no client pulled or looked for referrers in this capture, so any consumer generation fits');

  const pGens = producers.length ? unique(producers.map((p) => p.g.generation)) : PRODUCER_GENERATIONS;
  const rGens = registry.generation ? [registry.generation] : REGISTRY_GENERATIONS;
  const cGens = consumers.length ? unique(consumers.map((c) => c.g.generation)) : CONSUMER_GENERATIONS;
  const scenarios = unique(pGens.flatMap((p) => rGens.flatMap((r) => cGens.map((c) => scenarioNumber(p, r, c))))).sort((a, b) => a - b);

  const expectations: Expectation[] = [];
  const anyProducer = (g: Generation) => producers.some((p) => p.g.generation === g);
  for (const { c, g } of producers) for (const rule of producerRules(c, g.generation, registry.generation)) expectations.push(judge(rule, c.client, findings));
  for (const rule of registryRules(facts, registry.generation, anyProducer, consumers.map((x) => x.c))) expectations.push(judge(rule, facts.origin, findings));
  for (const { c, g } of consumers) {
    for (const rule of consumerRules(c, g.generation, registry.generation, producers.length ? pGens : undefined)) expectations.push(judge(rule, c.client, findings));
  }

  const referrersTraffic = facts.clients.some((c) => c.subjectPush || c.artifactPush || c.tagWrite || c.tagReadAsConsumer || c.tagReadAsProducer || c.referrersApi);
  return { registry: facts.origin, referrersTraffic, scenarios, summary: summaryLine(scenarios), parties, absent, expectations };
}

function summaryLine(scenarios: number[]): string {
  if (scenarios.length === 1) return `scenario ${scenarios[0]}: ${scenarioIcons(scenarios[0]!)}: ${SCENARIO_OUTCOME[scenarios[0]!]}`;
  const list = scenarios.length <= 6 ? scenarios.map((n) => `${n} (${scenarioIcons(n)})`).join(', ') : scenarios.join(', ');
  return `one of scenarios ${list}: the capture does not show every party's generation`;
}

function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}

function judge(rule: Rule, party: string, findings: readonly Finding[]): Expectation {
  const hits = findings.filter((f) => rule.rules.includes(f.ruleId) && (!rule.messages || rule.messages.includes(f.messageId)) && (rule.role === 'registry' ? f.side === 'registry' : f.side === 'client' && f.client === party));
  const base = { role: rule.role, party, expected: rule.expected };
  if (hits.length) {
    return {
      ...base,
      status: 'violated',
      evidence: hits.flatMap((f) => f.evidence.slice(0, 1)),
      findings: hits.slice(0, 10).map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, message: f.message, evidence: f.evidence })),
    };
  }
  if (rule.contradicted) return { ...base, status: 'violated', evidence: [rule.contradicted.at], findings: [], note: rule.contradicted.note };
  if (rule.met) return { ...base, status: rule.incompatible ? 'incompatible' : 'met', evidence: [rule.met], findings: [] };
  return { ...base, status: 'not observable', evidence: [], findings: [], note: rule.unobservable };
}

function producerRules(c: ClientFacts, g: Generation, r: RegistryGeneration | undefined): Rule[] {
  const rules: Rule[] = [];
  if (g === 'current') {
    rules.push({ role: 'producer', expected: 'pushes images; no manifest with subject', rules: [], met: c.imagePush, unobservable: 'no accepted image push in the capture' });
    return rules;
  }
  if (g === 'intermediate') {
    rules.push({
      role: 'producer',
      expected: 'attaches the artifact as an image manifest with subject (and artifactType)',
      rules: ['push/manifest-body'],
      met: c.subjectPushAccepted,
      unobservable: 'no accepted push with subject in the capture',
    });
    if (r === 'current') {
      rules.push({
        role: 'producer',
        expected: 'sees no OCI-Subject and maintains the referrers tag: reads <alg>-<hex>, starts empty on 404, appends a descriptor with artifactType and annotations, pushes the index back (SUBJ-02)',
        rules: ['push/referrers-tag-fallback', 'push/referrers-tag-update', 'push/referrers-tag-descriptor', 'management/referrers-tag-cleanup'],
        met: c.noOciSubjectAnswered && c.tagWrite,
        unobservable: c.noOciSubjectAnswered ? 'the capture ends before the client pushed the referrers tag' : 'no push with subject was accepted without OCI-Subject',
      });
    }
    if (r === 'complete') {
      const leftAlone = c.ociSubjectAnswered && !c.tagWriteDespiteOciSubject ? c.ociSubjectAnswered : undefined;
      const rule: Rule = {
        role: 'producer',
        expected: 'sees OCI-Subject and leaves the fallback tag alone',
        rules: ['push/referrers-tag-update'],
        messages: ['unneeded'],
        met: leftAlone,
        unobservable: 'no push with subject was answered with OCI-Subject',
      };
      if (c.tagWriteDespiteOciSubject) rule.contradicted = { at: c.tagWriteDespiteOciSubject, note: 'the client pushed the referrers tag after the registry answered OCI-Subject' };
      rules.push(rule);
    }
    return rules;
  }
  // complete: the artifact manifest type
  if (r === 'current' || (r === undefined && c.artifactPushRejected)) {
    rules.push({
      role: 'producer',
      expected: 'on MANIFEST_INVALID for the artifact manifest, reports the failure or falls back to an image manifest with subject',
      rules: ['push/referrers-tag-update'],
      messages: ['listsRejected'],
      met: c.imageFallbackAfterRejection,
      unobservable: 'no image-manifest fallback was pushed; whether the client reported the failure does not show in traffic',
    });
  } else {
    // push/manifest-body still reports the type as removed from image-spec 1.1: true, but it is what this generation does.
    rules.push({ role: 'producer', expected: 'pushes the artifact manifest with subject, and it is accepted', rules: [], met: c.artifactPushAccepted, unobservable: 'no accepted artifact manifest push in the capture' });
  }
  return rules;
}

function registryRules(r: RegistryFacts, g: RegistryGeneration | undefined, anyProducer: (g: Generation) => boolean, consumers: readonly ClientFacts[]): Rule[] {
  const rules: Rule[] = [];
  const asked = consumers.some((c) => c.referrersApi);
  if (g === 'current') {
    rules.push({ role: 'registry', expected: 'has no referrers API: answers GET /v2/<name>/referrers/<digest> with 404', rules: [], met: r.api404, unobservable: 'nobody asked the referrers API' });
    if (anyProducer('intermediate')) {
      rules.push({ role: 'registry', expected: 'accepts a manifest with subject it does not know, without OCI-Subject', rules: ['push/subject-missing-accepted'], met: r.noOciSubject, unobservable: 'no push with subject was accepted' });
    }
    if (anyProducer('complete')) {
      rules.push({ role: 'registry', expected: 'refuses the unknown artifact manifest type with 400 MANIFEST_INVALID', rules: [], met: r.artifactRejectedInvalid ?? r.artifactRejected, unobservable: 'no artifact manifest push was refused' });
    }
  } else if (g === 'complete') {
    rules.push({
      role: 'registry',
      expected: 'serves the referrers API: 200 with an image index, empty when nothing refers to the digest, never 404 (REF-01, REF-02, REF-04, REF-06)',
      rules: ['discovery/referrers-response'],
      met: r.api200,
      unobservable: 'nobody asked the referrers API',
    });
    if (anyProducer('intermediate') || anyProducer('complete')) {
      rules.push({ role: 'registry', expected: 'answers each push with subject with OCI-Subject (SUBJ-01)', rules: ['push/subject-response-header'], met: r.ociSubject, unobservable: 'no push with subject was accepted' });
    }
    if (anyProducer('complete')) {
      rules.push({ role: 'registry', expected: 'accepts the artifact manifest type', rules: [], met: r.artifactAccepted, unobservable: 'no artifact manifest push was accepted' });
    }
    if ((anyProducer('intermediate') || anyProducer('complete')) && asked) {
      rules.push({ role: 'registry', expected: 'lists the pushed referrers in its answer (REF-05)', rules: ['discovery/referrers-listed'], met: r.apiListedPushed, unobservable: 'no referrers answer came after a referrer was pushed' });
    }
    if (consumers.some((c) => c.filterAsked)) {
      rules.push({
        role: 'registry',
        expected: 'filters by artifactType and says so with OCI-Filters-Applied, or sends the whole list without the header (REF-08)',
        rules: ['discovery/referrers-filter'],
        met: r.filtersApplied ?? consumers.find((c) => c.filterAsked)?.filterAsked,
        unobservable: 'no filtered request was answered',
      });
    }
  }
  return rules;
}

function consumerRules(c: ClientFacts, g: Generation, r: RegistryGeneration | undefined, producers: readonly Generation[] | undefined): Rule[] {
  const rules: Rule[] = [];
  if (g === 'current') {
    rules.push({ role: 'consumer', expected: 'is unaffected: pulls as before, never asks for referrers', rules: [], met: c.pull, unobservable: 'no pull in the capture' });
    return rules;
  }
  const referrersExist = producers ? producers.includes('intermediate') || (producers.includes('complete') && r === 'complete') : undefined;
  if (r === 'current' || (r === undefined && c.referrersApi404)) {
    rules.push({ role: 'consumer', expected: 'on the referrers API’s 404, reads the fallback tag (REF-09)', rules: ['discovery/referrers-fallback'], met: c.tagReadAfterApi404, unobservable: 'the client never got a 404 from the referrers API' });
    if (referrersExist === undefined) {
      rules.push({
        role: 'consumer',
        expected: 'uses what the tag holds only if it is a referrers index; a 404 or anything else means "no referrers"',
        rules: ['discovery/referrers-tag-content'],
        met: c.referrerFetched ?? c.tagReadEmpty,
        unobservable: 'the client used nothing the referrers tag returned',
      });
    } else if (referrersExist === false) {
      rules.push({ role: 'consumer', expected: 'takes a missing tag (404) or a non-index as "no referrers", not as an error', rules: ['discovery/referrers-tag-content'], met: c.tagReadEmpty, unobservable: 'the client never read a missing or non-index referrers tag' });
    } else {
      rules.push({
        role: 'consumer',
        expected: g === 'complete' ? 'takes the image-manifest referrers the tag lists, although it prefers artifact manifests' : 'fetches the referrers the tag index lists',
        rules: ['discovery/referrers-tag-content'],
        met: g === 'complete' ? c.referrerFetchedImage : c.referrerFetched,
        unobservable: 'the client fetched no referrer the tag listed',
      });
    }
  }
  if (r === 'complete' || (r === undefined && c.referrersApi200)) {
    const empty = referrersExist === false;
    rules.push({
      role: 'consumer',
      expected: empty ? 'asks the referrers API and takes its empty index as "none"' : 'lists referrers through the API and needs no fallback tag',
      rules: ['discovery/referrers-fallback'],
      met: c.referrersApi200,
      unobservable: 'the client never got a 200 from the referrers API',
    });
    if (producers?.includes('complete')) {
      if (g === 'complete') {
        rules.push({ role: 'consumer', expected: 'reads the artifact manifest referrer it found through the API', rules: [], met: c.referrerFetchedArtifact, unobservable: 'the client fetched no artifact manifest referrer' });
      } else {
        rules.push({
          role: 'consumer',
          expected: 'cannot read the artifact manifest referrer it finds: a known incompatibility of this combination, not a violation',
          rules: [],
          met: c.referrerArtifactRefused ?? c.referrersApi200,
          incompatible: true,
          unobservable: 'the client never got the referrers list',
        });
      }
    } else if (producers?.includes('intermediate')) {
      rules.push({
        role: 'consumer',
        expected: g === 'complete' ? 'takes the image-manifest referrers the API lists, although it prefers artifact manifests' : 'fetches the image-manifest referrers the API lists',
        rules: [],
        met: c.referrerFetchedImage,
        unobservable: 'the client fetched no referrer the API listed',
      });
    }
    if (c.filterAsked) {
      rules.push({ role: 'consumer', expected: 'filters the list itself when OCI-Filters-Applied is absent (REF-08)', rules: ['discovery/referrers-client-filter'], met: c.filterAsked, unobservable: 'the client asked for no filter' });
    }
  }
  if (r === undefined && !c.referrersApi) {
    rules.push({ role: 'consumer', expected: 'asks the referrers API, then reads the fallback tag if it answers 404', rules: ['discovery/referrers-fallback'], met: undefined, unobservable: 'the client read the referrers tag without asking the API first in this capture' });
  }
  return rules;
}
