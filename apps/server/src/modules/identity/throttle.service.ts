import type pg from 'pg';

/**
 * Brute-force defence for sign-in (and other credential checks). Failures are counted per key:
 * - `pair:<account>|<ip>` — one address guessing one account: backoff after 5 failures (1 s, 2 s, 4 s … 15 min);
 * - `ip:<ip>` — one address guessing many accounts: backoff after 30 failures;
 * - `account:<account>` — many addresses guessing one account: backoff after 100 failures, short (≤ 60 s).
 * The real user, coming from another address, is only slowed by the third rule, and only mildly.
 */
export interface ThrottleRule {
  threshold: number;
  /** First lock, in seconds; each further attempt doubles it. */
  baseSeconds: number;
  maxSeconds: number;
}

export const THROTTLE_RULES: Record<'pair' | 'ip' | 'account' | 'mail', ThrottleRule> = {
  pair: { threshold: 5, baseSeconds: 1, maxSeconds: 900 },
  ip: { threshold: 30, baseSeconds: 1, maxSeconds: 900 },
  account: { threshold: 100, baseSeconds: 1, maxSeconds: 60 },
  // Verification and reset mails to one address, whoever asks and from wherever: 3 an hour, then 10 min, 20 … 1 h.
  mail: { threshold: 3, baseSeconds: 600, maxSeconds: 3600 },
};

export type ThrottleKey = { key: string; rule: ThrottleRule };

export function throttleKeys(account: string, ip: string): ThrottleKey[] {
  const a = account.trim().toLowerCase();
  return [
    { key: `pair:${a}|${ip}`, rule: THROTTLE_RULES.pair },
    { key: `ip:${ip}`, rule: THROTTLE_RULES.ip },
    { key: `account:${a}`, rule: THROTTLE_RULES.account },
  ];
}

/** Seconds until `keys` may try again (0 when none is locked). */
export async function secondsLocked(pool: pg.Pool, keys: string[]): Promise<number> {
  const { rows } = await pool.query<{ s: number | null }>(
    'SELECT ceil(extract(epoch FROM max(locked_until) - now()))::int AS s FROM auth_throttle WHERE key = ANY($1) AND locked_until > now()',
    [keys],
  );
  return rows[0]?.s ?? 0;
}

/** Keys for mail sent to an address on request (verification resend, password reset). */
export const mailKeys = (email: string): ThrottleKey[] => [{ key: `mail:${email.trim().toLowerCase()}`, rule: THROTTLE_RULES.mail }];

/** Counts an attempt on every key; past a rule's threshold the key is locked for base·2^(n - threshold) s, capped. */
export async function countAttempt(pool: pg.Pool, keys: ThrottleKey[]): Promise<void> {
  await pool.query(
    `INSERT INTO auth_throttle (key, failures, locked_until, updated_at)
     SELECT k.key, 1, NULL, now() FROM unnest($1::text[]) AS k(key)
     ON CONFLICT (key) DO UPDATE SET
       failures = CASE WHEN auth_throttle.updated_at < now() - interval '1 hour' THEN 1 ELSE auth_throttle.failures + 1 END,
       updated_at = now()`,
    [keys.map((k) => k.key)],
  );
  await pool.query(
    `UPDATE auth_throttle t SET locked_until = now() + make_interval(secs => least(r.max_s, r.base_s * power(2, t.failures - r.threshold)))
       FROM unnest($1::text[], $2::int[], $3::int[], $4::int[]) AS r(key, threshold, base_s, max_s)
      WHERE t.key = r.key AND t.failures >= r.threshold`,
    [keys.map((k) => k.key), keys.map((k) => k.rule.threshold), keys.map((k) => k.rule.baseSeconds), keys.map((k) => k.rule.maxSeconds)],
  );
}

/** A failed sign-in counts against the account+address, the address and the account. */
export const recordFailure = (pool: pg.Pool, account: string, ip: string) => countAttempt(pool, throttleKeys(account, ip));

/** A successful sign-in clears that address's record for the account. */
export async function recordSuccess(pool: pg.Pool, account: string, ip: string): Promise<void> {
  await pool.query('DELETE FROM auth_throttle WHERE key = $1', [`pair:${account.trim().toLowerCase()}|${ip}`]);
}
