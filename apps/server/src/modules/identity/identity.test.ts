import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../../test/helpers.ts';
import { PASSWORD, cookieOf, createUser, lastMailTo, linkIn, signIn, signedInUser, totp } from '../../../test/identity-helpers.ts';
import { ARGON2_PARAMS } from './passwords.ts';

describe('identity', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());
  const post = (url: string, payload: object, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
    t.app.inject({ method: 'POST', url, payload, headers, remoteAddress });

  it('sign-up sends a verification link; until it is followed the account cannot sign in; then it can', async () => {
    const email = 'new.person@example.com';
    const res = await post('/api/auth/sign-up/email', { name: 'New Person', email, password: 'a-long-unusual-passphrase' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined(); // no session before verification

    const denied = await post('/api/auth/sign-in/email', { email, password: 'a-long-unusual-passphrase' });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.code).toBe('email_not_verified');

    const mail = await lastMailTo(t.app, email);
    expect(mail?.subject).toBe('Verify your email for Grip');
    const link = linkIn(mail!.text, '/verify-email');
    const token = link.searchParams.get('token')!;
    // Tokens are stored hashed: the raw token is nowhere in the database.
    const stored = await t.app.db.owner.query('SELECT count(*)::int AS n FROM verifications WHERE identifier LIKE $1 OR value LIKE $1', [`%${token}%`]);
    expect(stored.rows[0].n).toBe(0);

    const verified = await t.app.inject({ url: `/api/auth/verify-email?token=${encodeURIComponent(token)}` });
    expect(verified.statusCode).toBe(200);
    const cookie = await signIn(t.app, email, 'a-long-unusual-passphrase');
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(me.json().user).toMatchObject({ email, emailVerified: true });
    expect(me.json().platformRole).toBe('user');
    // Stored as argon2id with our parameters.
    const hash = await t.app.db.owner.query("SELECT a.password FROM accounts a JOIN users u ON u.id = a.user_id WHERE u.email = $1", [email]);
    expect(hash.rows[0].password).toMatch(new RegExp(`^\\$argon2id\\$v=19\\$m=${ARGON2_PARAMS.memoryCost},t=${ARGON2_PARAMS.timeCost},p=${ARGON2_PARAMS.parallelism}\\$`));
  });

  it('session cookies are HttpOnly and SameSite=Lax', async () => {
    const u = await createUser(t.app);
    const res = await post('/api/auth/sign-in/email', { email: u.email, password: PASSWORD });
    const cookies = [res.headers['set-cookie']].flat().join('\n');
    expect(cookies).toMatch(/grip\.session_token=[^;]+;.*HttpOnly/i);
    expect(cookies).toMatch(/SameSite=Lax/i);
  });

  it('passwords: 8–128 characters, and the most common ones are refused, naming the problem', async () => {
    const tooShort = await post('/api/auth/sign-up/email', { name: 'A', email: 'short@example.com', password: 'short' });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().error.code).toBe('password_too_short');
    const common = await post('/api/auth/sign-up/email', { name: 'A', email: 'common@example.com', password: 'Password123' });
    expect(common.statusCode).toBe(400);
    expect(common.json().error.code).toBe('password_too_common');
    const tooLong = await post('/api/auth/sign-up/email', { name: 'A', email: 'long@example.com', password: 'x'.repeat(129) });
    expect(tooLong.statusCode).toBe(400);
    const none = await t.app.db.owner.query("SELECT count(*)::int AS n FROM users WHERE email IN ('short@example.com','common@example.com','long@example.com')");
    expect(none.rows[0].n).toBe(0);
  });

  it('password reset answers the same for unknown addresses, works once, signs nobody in, and ends other sessions', async () => {
    const u = await signedInUser(t.app);
    const known = await post('/api/auth/request-password-reset', { email: u.email, redirectTo: '/reset-password' });
    const unknown = await post('/api/auth/request-password-reset', { email: 'nobody-here@example.com', redirectTo: '/reset-password' });
    expect(known.statusCode).toBe(200);
    expect(unknown.statusCode).toBe(known.statusCode);
    expect(unknown.body).toBe(known.body);

    const token = linkIn((await lastMailTo(t.app, u.email))!.text, '/reset-password').searchParams.get('token')!;
    const reset = await post('/api/auth/reset-password', { token, newPassword: 'a-brand-new-passphrase' });
    expect(reset.statusCode).toBe(200);
    expect(cookieOf(reset.headers['set-cookie'])).not.toContain('session_token=');
    const again = await post('/api/auth/reset-password', { token, newPassword: 'another-new-passphrase' });
    expect(again.statusCode).toBe(400);

    expect((await t.app.inject({ url: '/api/v1/me', headers: u.headers })).statusCode).toBe(401);
    await expect(signIn(t.app, u.email, PASSWORD)).rejects.toThrow();
    await signIn(t.app, u.email, 'a-brand-new-passphrase');
    const { rows } = await t.app.db.owner.query("SELECT action FROM audit_log WHERE actor_user_id = $1 AND action = 'auth.password_reset'", [u.id]);
    expect(rows).toHaveLength(1);
  });

  it('mail on request is limited per address, from any address, whether or not the account exists', async () => {
    for (const email of ['flood-target@example.com', 'no-such-account@example.com']) {
      for (let i = 0; i < 3; i++) {
        const ok = await post('/api/auth/request-password-reset', { email, redirectTo: '/reset-password' }, {}, `10.66.${i}.1`);
        expect(ok.statusCode).toBe(200);
      }
      const limited = await post('/api/auth/send-verification-email', { email }, {}, '10.66.9.9');
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('rate_limited');
    }
  });

  it('sessions are listed and revocable; "sign out everywhere" ends them all', async () => {
    const u = await createUser(t.app);
    const a = await signIn(t.app, u.email);
    const b = await signIn(t.app, u.email);
    const list = await t.app.inject({ url: '/api/auth/list-sessions', headers: { cookie: a } });
    expect(list.json()).toHaveLength(2);
    const other = (list.json() as Array<{ token: string }>).find((s) => !a.includes(s.token))!;
    expect((await post('/api/auth/revoke-session', { token: other.token }, { cookie: a })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: b } })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: a } })).statusCode).toBe(200);
    await post('/api/auth/revoke-sessions', {}, { cookie: a });
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: a } })).statusCode).toBe(401);
  });

  it('sign-in failures back off per account and address, while the real user elsewhere still signs in', async () => {
    const u = await createUser(t.app);
    const attacker = '203.0.113.7';
    for (let i = 0; i < 5; i++) {
      const r = await post('/api/auth/sign-in/email', { email: u.email, password: `wrong-${i}-password` }, {}, attacker);
      expect(r.statusCode).toBe(401);
    }
    const throttled = await post('/api/auth/sign-in/email', { email: u.email, password: PASSWORD }, {}, attacker);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().error.code).toBe('rate_limited');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // The real user, from their own address, is not locked out.
    await signIn(t.app, u.email, PASSWORD, '198.51.100.20');
    const failures = await t.app.db.owner.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.sign_in_failed' AND actor_email = $1", [u.email]);
    expect(failures.rows[0].n).toBe(5);
  });

  it('property: malformed or wrong credentials never authenticate, and the answer never tells whether the account exists', async () => {
    const u = await createUser(t.app, { email: 'exists@example.com' });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          email: fc.oneof(fc.constant(u.email), fc.emailAddress(), fc.string({ maxLength: 40 })),
          password: fc.string({ maxLength: 140 }).filter((p) => p !== PASSWORD),
        }),
        fc.integer({ min: 1, max: 250 }),
        async (creds, n) => {
          const res = await post('/api/auth/sign-in/email', creds, {}, `10.1.${n}.${(n * 7) % 250}`);
          expect(res.statusCode).not.toBe(200);
          expect(cookieOf(res.headers['set-cookie'])).not.toContain('session_token=');
          if (res.statusCode === 401) expect(res.json().error.message).toBe('Invalid email or password');
        },
      ),
      { numRuns: 100 },
    );
  });

  it('API tokens: a 15-minute access token and a rotating refresh token; a reused refresh token ends the family', async () => {
    const u = await createUser(t.app);
    const issued = await post('/api/v1/auth/token', { email: u.email, password: PASSWORD });
    expect(issued.statusCode).toBe(200);
    const first = issued.json();
    expect(first).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(first.accessToken) })).json().user.email).toBe(u.email);

    const second = (await post('/api/v1/auth/token/refresh', { refreshToken: first.refreshToken })).json();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(second.accessToken) })).statusCode).toBe(200);

    const reused = await post('/api/v1/auth/token/refresh', { refreshToken: first.refreshToken });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('refresh_token_reused');
    // The whole family is gone: the newest tokens stop working too.
    expect((await post('/api/v1/auth/token/refresh', { refreshToken: second.refreshToken })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer(second.accessToken) })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/me', headers: bearer('not.a.token') })).statusCode).toBe(401);
  });

  it('property: a rotated refresh token never works twice', async () => {
    const u = await createUser(t.app);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.nat(), async (rotations, pick) => {
        // Each run is a different client address, so the per-address rate limits stay out of the way.
        const ip = `10.9.${++run % 250}.${Math.floor(run / 250) + 1}`;
        let pair = (await post('/api/v1/auth/token', { email: u.email, password: PASSWORD }, {}, ip)).json();
        const used: string[] = [];
        for (let i = 0; i < rotations; i++) {
          used.push(pair.refreshToken);
          pair = (await post('/api/v1/auth/token/refresh', { refreshToken: pair.refreshToken }, {}, ip)).json();
        }
        const replay = used[pick % used.length]!;
        expect((await post('/api/v1/auth/token/refresh', { refreshToken: replay }, {}, ip)).statusCode).toBe(401);
        expect((await post('/api/v1/auth/token/refresh', { refreshToken: pair.refreshToken }, {}, ip)).statusCode).toBe(401);
      }),
      { numRuns: 100 },
    );
  });

  it('two-factor: enabling needs a TOTP code; then sign-in asks for it; disabling needs the password', async () => {
    const u = await signedInUser(t.app);
    const enabled = await post('/api/auth/two-factor/enable', { password: PASSWORD }, u.headers);
    expect(enabled.statusCode).toBe(200);
    const { totpURI, backupCodes } = enabled.json();
    expect(backupCodes.length).toBeGreaterThanOrEqual(8);
    const confirm = await post('/api/auth/two-factor/verify-totp', { code: totp(totpURI) }, u.headers);
    expect(confirm.statusCode).toBe(200);
    // Enabling two-factor is a privilege change: the session token is re-issued.
    const renewed = cookieOf(confirm.headers['set-cookie']);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: renewed } })).json().user.twoFactorEnabled).toBe(true);

    const step1 = await post('/api/auth/sign-in/email', { email: u.email, password: PASSWORD });
    expect(step1.json().twoFactorRedirect).toBe(true);
    const pending = cookieOf(step1.headers['set-cookie']);
    expect(pending).not.toMatch(/session_token=[^;\s]/);
    const wrong = await post('/api/auth/two-factor/verify-totp', { code: '000000' }, { cookie: pending });
    expect(wrong.statusCode).toBe(401);
    const step2 = await post('/api/auth/two-factor/verify-totp', { code: totp(totpURI) }, { cookie: pending });
    expect(step2.statusCode).toBe(200);
    const session = cookieOf(step2.headers['set-cookie']);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: session } })).statusCode).toBe(200);

    const step1b = await post('/api/auth/sign-in/email', { email: u.email, password: PASSWORD });
    const viaBackup = await post('/api/auth/two-factor/verify-backup-code', { code: backupCodes[0] }, { cookie: cookieOf(step1b.headers['set-cookie']) });
    expect(viaBackup.statusCode).toBe(200);

    // API clients of a two-factor account need the code too.
    const noCode = await post('/api/v1/auth/token', { email: u.email, password: PASSWORD }, {}, '10.88.0.1');
    expect(noCode.statusCode).toBe(403);
    expect(noCode.json().error.details.fields[0].field).toBe('body.totpCode');
    const badCode = await post('/api/v1/auth/token', { email: u.email, password: PASSWORD, totpCode: '000000' }, {}, '10.88.0.1');
    expect(badCode.statusCode).toBe(401);
    const withCode = await post('/api/v1/auth/token', { email: u.email, password: PASSWORD, totpCode: totp(totpURI) }, {}, '10.88.0.1');
    expect(withCode.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${withCode.json().accessToken}` } })).statusCode).toBe(200);
    const audited = await t.app.db.owner.query("SELECT count(*)::int AS n FROM audit_log WHERE actor_user_id = $1 AND action = 'auth.two_factor_enabled'", [u.id]);
    expect(audited.rows[0].n).toBe(1);

    expect((await post('/api/auth/two-factor/disable', { password: 'not-my-password' }, { cookie: session })).statusCode).not.toBe(200);
    expect((await post('/api/auth/two-factor/disable', { password: PASSWORD }, { cookie: session })).statusCode).toBe(200);
  });

  it('when an admin disables a user, their sessions and tokens end at once; enabling lets them back', async () => {
    const admin = await signedInUser(t.app, { role: 'admin' });
    const u = await signedInUser(t.app);
    const tokens = (await post('/api/v1/auth/token', { email: u.email, password: PASSWORD }, {}, '10.77.0.1')).json();
    const off = await post(`/api/v1/admin/users/${u.id}/disable`, {}, admin.headers);
    expect(off.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/me', headers: u.headers })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${tokens.accessToken}` } })).statusCode).toBe(401);
    expect((await post('/api/v1/auth/token/refresh', { refreshToken: tokens.refreshToken }, {}, '10.77.0.1')).statusCode).toBe(401);
    expect((await post('/api/auth/sign-in/email', { email: u.email, password: PASSWORD })).statusCode).not.toBe(200);
    await post(`/api/v1/admin/users/${u.id}/enable`, {}, admin.headers);
    await signIn(t.app, u.email);
  });

  it('GET /me needs a session', async () => {
    const res = await t.app.inject({ url: '/api/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });
});
