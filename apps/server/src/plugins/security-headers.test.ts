import { describe, expect, it } from 'vitest';
import { securityHeaders } from './security-headers.ts';

describe('security headers', () => {
  it('are the headers helmet sets, with our CSP, computed once', () => {
    const headers = securityHeaders({ contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"] } }, strictTransportSecurity: false });
    expect(headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['strict-transport-security']).toBeUndefined();
    expect(securityHeaders({ strictTransportSecurity: true })['strict-transport-security']).toMatch(/max-age=/);
  });
});
