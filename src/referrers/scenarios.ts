/**
 * The referrers compatibility scenarios of the OCI working group (three producer, two
 * registry and three consumer generations: 18 combinations). Numbering follows the group's
 * table: producer-major, then registry, then consumer.
 */
export type Generation = 'current' | 'intermediate' | 'complete';
export type RegistryGeneration = 'current' | 'complete';

export const PRODUCER_GENERATIONS: readonly Generation[] = ['current', 'intermediate', 'complete'];
export const REGISTRY_GENERATIONS: readonly RegistryGeneration[] = ['current', 'complete'];
export const CONSUMER_GENERATIONS: readonly Generation[] = ['current', 'intermediate', 'complete'];

export const ICONS = {
  producer: { current: '🌱', intermediate: '🌿', complete: '🌲' },
  registry: { current: '🚲', complete: '🏍' },
  consumer: { current: '🐀', intermediate: '🐿', complete: '🦫' },
} as const;

/** What each generation means, in the words a report shows. */
export const GENERATION_MEANING = {
  producer: {
    current: 'pushes images only, never a manifest with subject',
    intermediate: 'attaches artifacts as image manifests with subject; keeps the referrers tag where the registry has no API',
    complete: 'attaches artifacts with the artifact manifest type (removed before OCI 1.1: non-standard today)',
  },
  registry: {
    current: 'no referrers API, no OCI-Subject, refuses unknown manifest types',
    complete: 'serves the referrers API, answers OCI-Subject, accepts the artifact manifest type',
  },
  consumer: {
    current: 'never asks for referrers',
    intermediate: 'lists referrers with the API and falls back to the referrers tag on 404',
    complete: 'wants artifact manifests, and falls back to image-manifest referrers',
  },
} as const;

export function scenarioNumber(producer: Generation, registry: RegistryGeneration, consumer: Generation): number {
  return PRODUCER_GENERATIONS.indexOf(producer) * 6 + REGISTRY_GENERATIONS.indexOf(registry) * 3 + CONSUMER_GENERATIONS.indexOf(consumer) + 1;
}

export function scenarioParties(n: number): { producer: Generation; registry: RegistryGeneration; consumer: Generation } {
  const i = n - 1;
  return { producer: PRODUCER_GENERATIONS[Math.floor(i / 6)]!, registry: REGISTRY_GENERATIONS[Math.floor((i % 6) / 3)]!, consumer: CONSUMER_GENERATIONS[i % 3]! };
}

export function scenarioIcons(n: number): string {
  const p = scenarioParties(n);
  return `${ICONS.producer[p.producer]} → ${ICONS.registry[p.registry]} → ${ICONS.consumer[p.consumer]}`;
}

/** What should happen in each scenario, in our words after the working group's table. */
export const SCENARIO_OUTCOME: Readonly<Record<number, string>> = {
  1: 'no referrers anywhere: today’s world',
  2: 'the consumer looks for referrers that do not exist: API 404, fallback tag 404, "none", which is not an error',
  3: 'as 2: API 404, fallback tag 404, "none"',
  4: 'no referrers; nothing changes',
  5: 'the consumer asks the API and gets an empty index (200, not 404)',
  6: 'as 5: an empty index from the API',
  7: 'the producer writes referrers (image manifest and fallback tag); the consumer is unaffected',
  8: 'compatibility mode through the fallback tag: the producer sees no OCI-Subject and updates the <alg>-<hex> index; the consumer gets 404 from the API and reads the same tag',
  9: 'as 8; the consumer would prefer artifact manifests but takes the image-manifest referrers from the tag',
  10: 'the producer writes referrers; the consumer is unaffected',
  11: 'the OCI 1.1 path: push with subject, OCI-Subject answered, the fallback tag left alone, referrers listed through the API',
  12: 'as 11; the consumer takes image-manifest referrers from the API although it would prefer artifact manifests',
  13: 'the registry refuses the artifact manifest (MANIFEST_INVALID); the producer must report the failure or fall back to an image manifest',
  14: 'as 13',
  15: 'as 13',
  16: 'the registry accepts the artifact manifest; the consumer is unaffected',
  17: 'the consumer finds the referrer through the API but cannot read an artifact manifest (a known incompatibility)',
  18: 'producer and consumer both use the artifact manifest and the API',
};
