import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CustomField } from '@grip/contracts/customers';
import { foldHeader, IMPORT_ENTITIES } from '@grip/contracts/imports';
import { ENTITIES, importFields } from './entities.ts';
import { autoMap, knownNames, sniffColumn } from './mapping.ts';

const custom: CustomField[] = [
  { id: '00000000-0000-4000-8000-000000000001', key: 'loyalty_tier', label: 'Loyalty tier', type: 'select', options: ['Gold'], required: false, position: 0, createdAt: '2026-01-01T00:00:00Z' },
  { id: '00000000-0000-4000-8000-000000000002', key: 'birthday', label: 'Birthday', type: 'date', options: [], required: false, position: 1, createdAt: '2026-01-01T00:00:00Z' },
];
const fieldsOf = (entity: (typeof IMPORT_ENTITIES)[number]) => importFields(ENTITIES[entity], custom);

/** A way people write the same header: case, spacing, punctuation and accents changed. */
const variation = (name: string) =>
  fc
    .tuple(
      fc.array(fc.constantFrom('upper', 'lower', 'title', 'same'), { minLength: 1, maxLength: 1 }),
      fc.constantFrom(' ', '_', '-', '.', '  ', ' - ', '/', ''),
      fc.constantFrom('', ' ', '  ', '*', ':', '#'),
      fc.boolean(),
    )
    .map(([[casing], sep, edge, accent]) => {
      let s = name.replace(/\s+/g, sep);
      if (casing === 'upper') s = s.toUpperCase();
      else if (casing === 'lower') s = s.toLowerCase();
      else if (casing === 'title') s = s.replace(/\b\w/g, (c) => c.toUpperCase());
      // A combining accent on the first vowel: "Émail", "Nàme".
      if (accent) s = s.replace(/[aeiou]/i, (c) => `${c}\u0301`);
      return `${edge}${s}${edge === '#' ? '' : edge}`;
    });

describe('column auto-mapping', () => {
  it('folds case, accents, spacing and punctuation away', () => {
    expect(foldHeader('  E-mail Address ')).toBe('emailaddress');
    expect(foldHeader('Téléphone')).toBe('telephone');
    expect(foldHeader('POSTAL_CODE')).toBe('postalcode');
  });

  it('gives every field of a kind names no other field of that kind answers to', () => {
    for (const entity of IMPORT_ENTITIES) {
      const owners = new Map<string, string>();
      for (const f of fieldsOf(entity)) {
        for (const n of knownNames(f)) {
          expect(owners.get(n) ?? f.key, `${entity}: "${n}" names both ${owners.get(n)} and ${f.key}`).toBe(f.key);
          owners.set(n, f.key);
        }
      }
    }
  });

  it('property: any variation of known headers maps to the right field, and no field gets two columns', () => {
    const cases = fc.constantFrom(...IMPORT_ENTITIES).chain((entity) => {
      const fields = fieldsOf(entity);
      return fc
        .uniqueArray(fc.constantFrom(...fields), { minLength: 1, maxLength: fields.length, selector: (f) => f.key })
        .chain((chosen) =>
          fc.tuple(
            fc.constant(entity),
            fc.tuple(...chosen.map((f) => fc.constantFrom(...knownNames(f)).chain((name) => variation(name).map((header) => ({ key: f.key, header }))))),
            // Columns nobody knows, and repeats of a known header: they must never take a field twice.
            fc.array(fc.constantFrom('Remarks', 'Internal ID 7', '', '???', 'Spalte 3'), { maxLength: 3 }),
            fc.boolean(),
          ),
        );
    });
    fc.assert(
      fc.property(cases, ([entity, known, junk, repeat]) => {
        const headers = [...known.map((k) => k.header), ...junk, ...(repeat ? [known[0]!.header] : [])];
        const mapping = autoMap(headers, [], fieldsOf(entity));
        known.forEach((k, i) => expect(mapping[String(i)], `${entity}: "${k.header}"`).toBe(k.key));
        const targets = Object.values(mapping);
        expect(new Set(targets).size).toBe(targets.length);
      }),
      { numRuns: 300 },
    );
  });

  it('recognises unlabelled email, phone and date columns by their content', () => {
    expect(sniffColumn(['a@example.com', 'b@example.org', ''])).toBe('email');
    expect(sniffColumn(['+41 44 668 18 00', '(415) 555-0123'])).toBe('phone');
    expect(sniffColumn(['2026-01-02', '3.4.2025'])).toBe('date');
    expect(sniffColumn(['Zürich', 'Bern'])).toBeNull();
    const mapping = autoMap(['Col A', 'Col B', 'Col C'], [['x@example.com', '+14155550123', 'Ann'], ['y@example.com', '+14155550124', 'Bob']], fieldsOf('customers'));
    expect(mapping).toEqual({ '0': 'email', '1': 'phone' });
    // A date column lands on the first date field (a custom one for customers).
    expect(autoMap(['When'], [['2026-01-02']], fieldsOf('customers'))).toEqual({ '0': 'custom.birthday' });
  });
});
