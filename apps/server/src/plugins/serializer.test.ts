import { describe, expect, it } from 'vitest';
import { customerPageSchema, customerSchema } from '@grip/contracts/customers';
import { policySchema } from '@grip/contracts/policies';
import { apiErrorSchema } from '@grip/contracts/common';
import { fastSerializer } from './serializer.ts';

const customer = {
  id: '0b6d6f7e-8a5e-4f4e-9a36-2f3f0b1c2d3e', kind: 'person', name: 'Zoë "Z" Müller', email: null, phone: '+14155550132', company: null,
  address: { line1: '1 High St', line2: '', city: 'London', region: '', postalCode: '1', country: 'GB' }, tags: ['vip'], status: 'active',
  owner: null, custom: { tier: 'gold', score: 5, langs: ['en'], consent: true }, version: 3, createdAt: '2026-11-21T02:00:00.000Z',
  updatedAt: '2026-11-21T02:00:00.000Z', deletedAt: null, mergedIntoId: null,
};

describe('response serializer', () => {
  it('compiles the contracts to fast-json-stringify and writes exactly what zod would', () => {
    for (const schema of [customerSchema, customerPageSchema, policySchema, apiErrorSchema]) expect(fastSerializer(schema)).not.toBeNull();
    const write = fastSerializer(customerSchema)!;
    expect(JSON.parse(write(customer))).toEqual(customerSchema.parse(customer));
  });

  it('never writes a property the contract does not name, and refuses a missing required one', () => {
    const write = fastSerializer(customerSchema)!;
    expect(JSON.parse(write({ ...customer, passwordHash: 'secret' }))).not.toHaveProperty('passwordHash');
    const { name: _name, ...missing } = customer;
    expect(() => write(missing)).toThrow();
  });
});
