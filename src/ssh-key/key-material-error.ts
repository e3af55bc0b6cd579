/**
 * The key material from the API is unusable. The message says what is wrong with it and never
 * quotes the key, the raw value or an underlying library error (those can echo their input).
 */
export class KeyMaterialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyMaterialError';
  }
}

/** A key type name taken from key data, fit for an error message: public, short, plain. */
export function describeKeyType(name: string): string {
  return /^[A-Za-z0-9@._-]{1,64}$/.test(name) ? name : 'unknown';
}
