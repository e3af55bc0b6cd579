import { describe, expect, it } from 'vitest';
import { inputEnvName, inputEnvironment, parseActionManifest } from '../../harness/action-yml.js';

const yml = `
name: sample
inputs:
  secret-name:
    required: true
  mode:
    default: get
  ratio:
    default: 1.0
  flag:
    default: true
  token:
    default: \${{ github.token }}
  with space:
    default: ''
runs:
  using: node24
  main: dist/main/index.js
  post: dist/post/index.js
`;
const manifest = parseActionManifest(yml, '/x/action.yml');

describe('action.yml', () => {
  it('keeps defaults as their source text and resolves entry scripts', () => {
    expect(manifest.inputs.get('ratio')?.default).toBe('1.0');
    expect(manifest.inputs.get('flag')?.default).toBe('true');
    expect(manifest.inputs.get('secret-name')?.default).toBeUndefined();
    expect(manifest.using).toBe('node24');
    expect(manifest.main).toBe('/x/dist/main/index.js');
    expect(manifest.post).toBe('/x/dist/post/index.js');
  });

  it.each([
    ['secret-name', 'INPUT_SECRET-NAME'],
    ['with space', 'INPUT_WITH_SPACE'],
    ['mode', 'INPUT_MODE'],
  ])('%s -> %s', (name, env) => {
    expect(inputEnvName(name)).toBe(env);
  });

  it('sets every declared input, defaults overridden by the given ones', () => {
    const env = inputEnvironment(manifest, { 'secret-name': 's1', token: 't' });
    expect(env).toEqual({
      'INPUT_SECRET-NAME': 's1',
      INPUT_MODE: 'get',
      INPUT_RATIO: '1.0',
      INPUT_FLAG: 'true',
      INPUT_TOKEN: 't',
      INPUT_WITH_SPACE: '',
    });
  });

  it('throws on an undeclared input (a typo in a test)', () => {
    expect(() => inputEnvironment(manifest, { secret_name: 'x', token: 't' })).toThrow(
      /unknown input\(s\) secret_name/,
    );
  });

  it('throws when an expression default would be needed', () => {
    expect(() => inputEnvironment(manifest, {})).toThrow(/'token' defaults to an expression/);
  });
});
