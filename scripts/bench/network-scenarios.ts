// The network benchmark's scenarios: what the step is given, which hosts it reaches, and the least
// it needs (hosts and API calls).
import type { Emulator } from '../../emulator/server.js';
import type { Front } from './network-front.js';
import type { Needs } from './round-trips.js';

/** The simulated hosts, each its own front: SSM, STS and the runner's ID token endpoint. */
export interface Hosts {
  ssm: Front;
  sts: Front;
  token: Front;
}

export interface Scenario extends Needs {
  name: string;
  uses: (keyof Hosts)[];
  /** Inputs and extra env of the main step; each call may name a fresh secret. */
  step(): { inputs: Record<string, string>; env: Record<string, string> };
}

const REGION = 'ap-guangzhou';
const EXISTING = 'bench-net-key';

export function networkScenarios(emulator: Emulator, hosts: Hosts, certFile: string): Scenario[] {
  emulator.addSecret({ name: EXISTING });
  const env = { NODE_EXTRA_CA_CERTS: certFile };
  const apiKey = {
    region: REGION,
    endpoint: hosts.ssm.url,
    'secret-id': emulator.credentials.secretId,
    'secret-key': emulator.credentials.secretKey,
    'ssh-agent': 'true',
  };
  const [role] = emulator.roles;
  const keyless = {
    region: REGION,
    endpoint: hosts.ssm.url,
    'sts-endpoint': hosts.sts.url,
    'role-arn': role.roleArn,
    'oidc-provider-id': role.providerId,
    'ssh-agent': 'true',
  };
  const tokenEnv = {
    ...env,
    ACTIONS_ID_TOKEN_REQUEST_URL: `${hosts.token.url}/__oidc/token?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: emulator.oidc.requestToken,
  };
  let fresh = 0;
  return [
    {
      name: 'get',
      hosts: 1,
      calls: 1,
      uses: ['ssm'],
      step: () => ({ inputs: { ...apiKey, 'secret-name': EXISTING }, env }),
    },
    {
      name: 'get-or-create (missing)',
      hosts: 1,
      calls: 3,
      uses: ['ssm'],
      step: () => ({
        inputs: { ...apiKey, mode: 'get-or-create', 'secret-name': `bench-net-new-${fresh++}` },
        env,
      }),
    },
    {
      name: 'keyless get (OIDC)',
      hosts: 3,
      calls: 3,
      uses: ['token', 'sts', 'ssm'],
      step: () => ({ inputs: { ...keyless, 'secret-name': EXISTING }, env: tokenEnv }),
    },
  ];
}
