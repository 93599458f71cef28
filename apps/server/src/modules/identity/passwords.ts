import { hash, verify, type Options } from '@node-rs/argon2';

/**
 * argon2id at the OWASP Password Storage Cheat Sheet's first recommended configuration (m=19 MiB, t=2, p=1),
 * which is also ASVS 4.0 §2.4's minimum. Stored as a PHC string, so parameters can be raised later and old
 * hashes still verify.
 */
// algorithm 2 is Argon2id in @node-rs/argon2's (const) enum.
export const ARGON2_PARAMS: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 };

export const hashPassword = (password: string) => hash(password, ARGON2_PARAMS);

export async function verifyPassword({ hash: stored, password }: { hash: string; password: string }): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed or foreign hash never authenticates
  }
}
