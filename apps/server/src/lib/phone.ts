import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** A phone number in E.164 form, or null when it is not a valid number (read in `country` when it has no +). */
export function tryNormalizePhone(input: string, country?: string | null): string | null {
  const parsed = parsePhoneNumberFromString(input, country ? (country.toUpperCase() as CountryCode) : undefined);
  return parsed?.isValid() ? parsed.number : null;
}
