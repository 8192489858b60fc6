import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { schema1SignedDigest } from '../../src/oci/schema1.js';

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

// Served by distribution 2.8.2 (Debian docker-registry) for a Docker schema 2 image to a client
// whose Accept named no manifest type (samples/real/npm-docker-registry-client.har), with
// Docker-Content-Digest sha256:d8fed955…: the digest of the JWS payload, not of these bytes.
const REAL_SIGNED = [
  "{",
  "   \"schemaVersion\": 1,",
  "   \"name\": \"demo/hello-docker\",",
  "   \"tag\": \"v1\",",
  "   \"architecture\": \"amd64\",",
  "   \"fsLayers\": [",
  "      {",
  "         \"blobSum\": \"sha256:e9c76267479a43edff888da65d71bb30bd996c0c2307cc3f24dbf69216b6bf69\"",
  "      }",
  "   ],",
  "   \"history\": [",
  "      {",
  "         \"v1Compatibility\": \"{\\\"architecture\\\":\\\"amd64\\\",\\\"config\\\":{\\\"Cmd\\\":[\\\"/hello.txt\\\"]},\\\"created\\\":\\\"2024-01-01T00:00:00Z\\\",\\\"id\\\":\\\"e928e5cd6ed54e1ab4a2691afec327627ac3886a32da04e4d9131b4922a145dd\\\",\\\"os\\\":\\\"linux\\\"}\"",
  "      }",
  "   ],",
  "   \"signatures\": [",
  "      {",
  "         \"header\": {",
  "            \"jwk\": {",
  "               \"crv\": \"P-256\",",
  "               \"kid\": \"JFAP:YALV:43IW:IORZ:7LBT:GJBG:HSGL:XVZ5:LQ2Y:WWU3:EBHE:J5HM\",",
  "               \"kty\": \"EC\",",
  "               \"x\": \"iFDmyR_2ufm3M_5Hk6CtUDrQABuYFj2Obrimtc9AXu8\",",
  "               \"y\": \"C42Y9nVA31jtFEfUQ3iBj8cWj4keil8ToLrGdcYVQxY\"",
  "            },",
  "            \"alg\": \"ES256\"",
  "         },",
  "         \"signature\": \"3sUEU_93SAc7OfkjBG8_e7HpylAz_BC6Vxfslo9LROlerp7i-ToVnkYIbrtYwZAEki9RizrW9eU-1EOuM1J2wg\",",
  "         \"protected\": \"eyJmb3JtYXRMZW5ndGgiOjQ5NywiZm9ybWF0VGFpbCI6IkNuMCIsInRpbWUiOiIyMDI2LTExLTIyVDIzOjQwOjI5WiJ9\"",
  "      }",
  "   ]",
  "}",
].join('\n');
const REAL_DIGEST = 'sha256:d8fed9559c03ffd73e75785654739ebe38443089fadb6ce791fdadd72fa49201';

const digestOf = (text: string) => schema1SignedDigest(JSON.parse(text) as Record<string, unknown>, Buffer.from(text, 'utf8'));
const protectedHeader = (fields: Record<string, unknown>) => Buffer.from(JSON.stringify(fields)).toString('base64url');

describe('schema1SignedDigest', () => {
  it('gives the JWS payload digest distribution names in Docker-Content-Digest', () => {
    expect(sha256(REAL_SIGNED)).not.toBe(REAL_DIGEST);
    expect(digestOf(REAL_SIGNED)).toEqual({ kind: 'signed', digest: REAL_DIGEST });
  });

  it('leaves manifests without signatures alone', () => {
    expect(digestOf('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}')).toEqual({ kind: 'not-signed' });
    expect(digestOf('{"schemaVersion":1,"name":"a","tag":"b","fsLayers":[],"history":[]}')).toEqual({ kind: 'not-signed' });
    expect(digestOf('{"schemaVersion":1,"signatures":[]}')).toEqual({ kind: 'not-signed' });
  });

  it('is invalid when the signatures do not give a payload', () => {
    const signed = (header: unknown) => JSON.stringify({ schemaVersion: 1, signatures: [{ protected: header }] });
    expect(digestOf(signed(undefined)).kind).toBe('invalid');
    expect(digestOf(signed('not base64url json')).kind).toBe('invalid');
    expect(digestOf(signed(protectedHeader({ formatTail: 'Cn0' }))).kind).toBe('invalid');
    expect(digestOf(signed(protectedHeader({ formatLength: 100000, formatTail: 'Cn0' }))).kind).toBe('invalid');
    const two = JSON.stringify({
      schemaVersion: 1,
      signatures: [{ protected: protectedHeader({ formatLength: 1, formatTail: 'Cn0' }) }, { protected: protectedHeader({ formatLength: 2, formatTail: 'Cn0' }) }],
    });
    expect(digestOf(two)).toEqual({ kind: 'invalid', reason: 'the signatures describe different payloads' });
  });
});
