import { describe, expect, it } from 'vitest';
import {
  isIndexMediaType,
  isManifestEndpointMediaType,
  isManifestMediaType,
  isValidDescriptorMediaType,
  MANIFEST_ACCEPT_TYPES,
  MediaTypes,
  mediaTypeFamily,
  parseMediaType,
} from '../../src/oci/media-type.js';
import { expectFast, HOSTILE } from './time-bound.js';

describe('parseMediaType', () => {
  it('parses a bare media type', () => {
    const p = parseMediaType('application/vnd.oci.image.manifest.v1+json');
    expect(p).toMatchObject({
      type: 'application',
      subtype: 'vnd.oci.image.manifest.v1+json',
      essence: MediaTypes.ociManifest,
      malformedParams: false,
    });
    expect(p?.params.size).toBe(0);
  });

  it('lower-cases the essence but keeps type and subtype as written', () => {
    const p = parseMediaType('Application/VND.OCI.Image.Manifest.v1+JSON');
    expect(p?.type).toBe('Application');
    expect(p?.essence).toBe(MediaTypes.ociManifest);
  });

  it('parses parameters, quoted values and OWS', () => {
    const p = parseMediaType(' text/plain ; charset=UTF-8;  Foo="a \\"b\\" ;c" ');
    expect(p?.essence).toBe('text/plain');
    expect(p?.params.get('charset')).toBe('UTF-8');
    expect(p?.params.get('foo')).toBe('a "b" ;c');
    expect(p?.malformedParams).toBe(false);
  });

  it('flags malformed parameters but still parses the type', () => {
    for (const v of ['a/b; =x', 'a/b; x', 'a/b; x="unterminated', 'a/b; x=1; x=2', 'a/b; x=1 junk', 'a/b; x=']) {
      const p = parseMediaType(v);
      expect(p?.essence, v).toBe('a/b');
      expect(p?.malformedParams, v).toBe(true);
    }
  });

  it('keeps the first of duplicate parameters', () => {
    expect(parseMediaType('a/b; x=1; X=2')?.params.get('x')).toBe('1');
  });

  it('tolerates empty parameters', () => {
    expect(parseMediaType('a/b;;x=1;')?.malformedParams).toBe(false);
  });

  it.each(['', 'application', 'application/', '/json', 'app lication/json', 'application/json extra', '"a"/b'])(
    'rejects %j',
    (v) => {
      expect(parseMediaType(v)).toBeUndefined();
    },
  );

  it('is linear on hostile input', () => {
    expectFast(() => parseMediaType(`a/b${'; x="'.repeat(HOSTILE / 5)}`));
    expectFast(() => parseMediaType(`a/b${';'.repeat(HOSTILE)}`));
    expectFast(() => parseMediaType(`a/b; x="${'\\'.repeat(HOSTILE)}`));
    expectFast(() => parseMediaType(`a/b${'; ='.repeat(HOSTILE / 3)}`));
    expectFast(() => parseMediaType(`${'a'.repeat(HOSTILE)}/${'b'.repeat(HOSTILE)}`));
  });
});

describe('isValidDescriptorMediaType', () => {
  it.each([MediaTypes.ociManifest, MediaTypes.ociLayerTarGzip, 'a/b', "x!#$&^_.+-/y!#$&^_.+-", `a/${'b'.repeat(127)}`])(
    'accepts %s',
    (v) => {
      expect(isValidDescriptorMediaType(v)).toBe(true);
    },
  );
  it.each([
    '',
    'a',
    'a/',
    '/b',
    '-a/b',
    'a/.b',
    'a/b; charset=utf-8',
    'a/b c',
    'a/b/c',
    "a/b'",
    `a/${'b'.repeat(128)}`,
    `${'a'.repeat(128)}/b`,
  ])('rejects %j', (v) => {
    expect(isValidDescriptorMediaType(v)).toBe(false);
  });
  it('agrees with the schema pattern', () => {
    const re = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
    for (const v of ['a/b', 'A/B', 'a%/b', 'a/b%', 'a~/b', 'application/vnd.example+json', `a/${'c'.repeat(126)}`, `a/${'c'.repeat(127)}`]) {
      expect(isValidDescriptorMediaType(v), v).toBe(re.test(v));
    }
  });
  it('is linear on hostile input', () => {
    expectFast(() => isValidDescriptorMediaType(`a/${'b'.repeat(HOSTILE)}`));
  });
});

describe('families', () => {
  const table: [string, string][] = [
    [MediaTypes.ociManifest, 'oci-manifest'],
    [MediaTypes.ociIndex, 'oci-index'],
    [MediaTypes.dockerManifest, 'docker-manifest'],
    [MediaTypes.dockerManifestList, 'docker-list'],
    [MediaTypes.dockerSchema1Manifest, 'docker-schema1'],
    [MediaTypes.dockerSchema1SignedManifest, 'docker-schema1'],
    [MediaTypes.ociArtifactManifest, 'oci-artifact-removed'],
    [MediaTypes.ociConfig, 'other'],
    ['application/json', 'other'],
    ['garbage', 'other'],
  ];
  it.each(table)('%s is %s', (mt, family) => {
    expect(mediaTypeFamily(mt)).toBe(family);
  });
  it('ignores case and parameters', () => {
    expect(mediaTypeFamily('Application/Vnd.Oci.Image.Index.V1+Json; charset=utf-8')).toBe('oci-index');
  });
  it('manifest vs index helpers', () => {
    expect(isManifestMediaType(MediaTypes.ociManifest)).toBe(true);
    expect(isManifestMediaType(MediaTypes.dockerManifest)).toBe(true);
    expect(isManifestMediaType(MediaTypes.dockerSchema1SignedManifest)).toBe(true);
    expect(isManifestMediaType(MediaTypes.ociIndex)).toBe(false);
    expect(isIndexMediaType(MediaTypes.ociIndex)).toBe(true);
    expect(isIndexMediaType(MediaTypes.dockerManifestList)).toBe(true);
    expect(isIndexMediaType(MediaTypes.ociManifest)).toBe(false);
    expect(isManifestEndpointMediaType(MediaTypes.ociIndex)).toBe(true);
    expect(isManifestEndpointMediaType(MediaTypes.ociEmpty)).toBe(false);
  });
  it('every constant is a valid descriptor media type', () => {
    for (const mt of Object.values(MediaTypes)) expect(isValidDescriptorMediaType(mt), mt).toBe(true);
    expect(MANIFEST_ACCEPT_TYPES.every(isManifestEndpointMediaType)).toBe(true);
  });
});
