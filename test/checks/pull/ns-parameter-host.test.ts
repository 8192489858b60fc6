import check from '../../../checks/pull/ns-parameter-host.js';
import { checkTester } from '../../support/check-tester.js';
import { edit, har, oci } from '../../support/har.js';

const pullWithNs = (ns: string, registry?: string) => {
  const [entry] = oci.pullManifest(registry ? { registry } : {});
  return edit(entry!, { url: `${entry!.request.url}?ns=${ns}` });
};

checkTester.run(check, {
  valid: [
    { name: 'no ns parameter', har: har(oci.pullManifest()) },
    { name: 'ns names another registry: this host is a mirror (containerd hosts.toml)', har: har(pullWithNs('docker.io'), oci.pullBlob()) },
    { name: 'the registry echoes OCI-Namespace: it used ns, so it is a proxy', har: har(edit(pullWithNs('registry.test:5000'), { resHeaders: { 'OCI-Namespace': 'registry.test:5000' } })) },
    { name: 'same host name on another port is another registry', har: har(pullWithNs('registry.test')) },
  ],
  invalid: [
    {
      name: 'ns names the registry the request went to (1.1.1: interop advice only)',
      har: har(oci.ping(), pullWithNs('registry.test:5000')),
      findings: [{ messageId: 'toSourceRegistry', entry: 1, severity: 'info' }],
    },
    {
      name: 'the same on main, where the SHOULD NOT is written',
      spec: 'main',
      har: har(pullWithNs('REGISTRY.test:5000')),
      findings: [{ messageId: 'toSourceRegistry', entry: 0, severity: 'warning' }],
    },
    {
      name: 'ns=docker.io sent to Docker Hub itself (registry-1.docker.io)',
      har: har(pullWithNs('docker.io', 'https://registry-1.docker.io')),
      findings: [{ messageId: 'toSourceRegistry', entry: 0 }],
    },
  ],
});
